#include "model/nets/stylegan2/stylegan2_tf_import.h"

#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "model/io/half_float.h"
#include "model/io/message_text.h"
#include "model/io/strict_json.h"

namespace stylemix {

namespace {

using nlohmann::json;

// A float32 copy of a variable, with its shape.
struct Floats {
    std::vector<std::int64_t> shape;
    std::vector<float> v;
};

class Converter {
public:
    explicit Converter(const RawWeights& tf) : tf_(tf), source_(tf.source) {}
    RawWeights run();

private:
    [[noreturn]] void fail(const std::string& msg) const { throw std::runtime_error(source_ + ": " + msg); }
    json kwarg(const json& kw, const std::string& key, json fallback);
    Floats var(const std::string& component, const std::string& name, std::size_t ndim);
    void put(const std::string& name, std::vector<std::int64_t> shape, std::vector<float> v);
    void dense(const std::string& tf, const std::string& pt);                 // [in, out] -> [out, in]
    void conv(const std::string& tf, const std::string& pt, bool flip);       // [kh, kw, in, out] -> [out, in, kh, kw]
    void copy(const std::string& component, const std::string& tf, const std::string& pt, float add = 0.f);
    void noise(int index, const std::string& pt);
    void synthesisLayers(int res, const json& kwargs);
    json constructorKwargs(const json& tf);      // legacy.py's kwargs from Gs's static_kwargs
    void mappingTensors(const json& kw);
    void synthesisTensors(const json& kw);       // every block's layers and resample_filter buffers

    const RawTensor* variable(const std::string& component, const std::string& name) const;

    const RawWeights& tf_;
    std::string source_;
    std::set<std::string> known_;
    RawWeights out_;
};

json Converter::kwarg(const json& kw, const std::string& key, json fallback) {
    known_.insert(key);
    auto it = kw.find(key);
    return it == kw.end() || it->is_null() ? fallback : *it;
}

// A Gs variable (component "") or a component's ("<component>/<name>"); null when absent.
const RawTensor* Converter::variable(const std::string& component, const std::string& name) const {
    const auto it = tf_.tensors.find(component.empty() ? name : component + "/" + name);
    return it == tf_.tensors.end() ? nullptr : &it->second;
}

bool hasComponent(const RawWeights& tf, const std::string& key) {
    for (const auto& c : tf.components)
        if (c.key == key) return true;
    return false;
}

Floats Converter::var(const std::string& component, const std::string& name, std::size_t ndim) {
    const std::string full = component.empty() ? name : component + "/" + name;
    if (!component.empty() && !hasComponent(tf_, component))
        fail("Gs has no '" + component + "' component (needed for variable '" + full + "')");
    const std::string net = component.empty() ? std::string("Gs") : "Gs.components." + component;
    const RawTensor* t = variable(component, name);
    if (t == nullptr) fail(net + ": missing variable '" + name + "'");
    if (t->shape.size() != ndim) {
        fail(net + ": variable '" + name + "' has " + std::to_string(t->shape.size()) + " dimensions, expected " +
             std::to_string(ndim));
    }
    Floats f;
    f.shape = t->shape;
    const auto n = static_cast<std::size_t>(t->numel());
    f.v.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t* p = t->bytes.data() + i * dtypeSize(t->dtype);
        if (t->dtype == DType::F32) {
            std::memcpy(&f.v[i], p, 4);
        } else if (t->dtype == DType::F16) {
            std::uint16_t h;
            std::memcpy(&h, p, 2);
            f.v[i] = halfToFloat(h);
        } else if (t->dtype == DType::F64) {
            double d;
            std::memcpy(&d, p, 8);
            f.v[i] = static_cast<float>(d);
        } else {
            fail(net + ": variable '" + name + "' is " + dtypeName(t->dtype) + ", expected float16/32/64");
        }
    }
    return f;
}

void Converter::put(const std::string& name, std::vector<std::int64_t> shape, std::vector<float> v) {
    RawTensor t;
    t.dtype = DType::F32;
    t.shape = std::move(shape);
    t.bytes.resize(v.size() * 4);
    std::memcpy(t.bytes.data(), v.data(), t.bytes.size());
    out_.tensors.insert_or_assign(name, std::move(t));
}

void Converter::dense(const std::string& tf, const std::string& pt) {
    const auto slash = tf.find('/');
    Floats f = var(tf.substr(0, slash), tf.substr(slash + 1), 2);
    const std::int64_t in = f.shape[0], o = f.shape[1];
    std::vector<float> v(f.v.size());
    for (std::int64_t i = 0; i < in; ++i)
        for (std::int64_t j = 0; j < o; ++j) v[static_cast<std::size_t>(j * in + i)] = f.v[static_cast<std::size_t>(i * o + j)];
    put(pt, {o, in}, std::move(v));
}

void Converter::conv(const std::string& tf, const std::string& pt, bool flip) {
    Floats f = var("synthesis", tf, 4);
    const std::int64_t kh = f.shape[0], kw = f.shape[1], in = f.shape[2], o = f.shape[3];
    std::vector<float> v(f.v.size());
    for (std::int64_t y = 0; y < kh; ++y)
        for (std::int64_t x = 0; x < kw; ++x)
            for (std::int64_t i = 0; i < in; ++i)
                for (std::int64_t j = 0; j < o; ++j) {
                    const std::int64_t sy = flip ? kh - 1 - y : y, sx = flip ? kw - 1 - x : x;
                    v[static_cast<std::size_t>(((j * in + i) * kh + y) * kw + x)] =
                        f.v[static_cast<std::size_t>(((sy * kw + sx) * in + i) * o + j)];
                }
    put(pt, {o, in, kh, kw}, std::move(v));
}

void Converter::copy(const std::string& component, const std::string& tf, const std::string& pt, float add) {
    const RawTensor* t = variable(component, tf);
    Floats f = var(component, tf, t ? t->shape.size() : 1);
    for (float& x : f.v) x += add;
    put(pt, f.shape, std::move(f.v));
}

void Converter::noise(int index, const std::string& pt) {
    Floats f = var("synthesis", "noise" + std::to_string(index), 4);
    if (f.shape[0] != 1 || f.shape[1] != 1) fail("Gs.components.synthesis: variable 'noise" + std::to_string(index) + "' must be [1, 1, R, R]");
    put(pt, {f.shape[2], f.shape[3]}, std::move(f.v));
}

// One block of layers at resolution `res`, named as networks_stylegan2.py does.
void Converter::synthesisLayers(int res, const json& kwargs) {
    const std::string r = std::to_string(res);
    const std::string b = "synthesis.b" + r + ".";
    const std::string tf = r + "x" + r + "/";
    const int log2 = static_cast<int>(std::lround(std::log2(res)));
    auto layer = [&](const std::string& tf_layer, const std::string& pt, bool flip, int noise_index) {
        conv(tf + tf_layer + "/weight", b + pt + ".weight", flip);
        copy("synthesis", tf + tf_layer + "/bias", b + pt + ".bias");
        dense("synthesis/" + tf + tf_layer + "/mod_weight", b + pt + ".affine.weight");
        copy("synthesis", tf + tf_layer + "/mod_bias", b + pt + ".affine.bias", 1.f);
        if (noise_index >= 0) {
            noise(noise_index, b + pt + ".noise_const");
            copy("synthesis", tf + tf_layer + "/noise_strength", b + pt + ".noise_strength");
        }
    };
    const bool use_noise = kwargs.value("use_noise", true);
    if (res == 4) {
        Floats c = var("synthesis", "4x4/Const/const", 4);
        put(b + "const", {c.shape[1], c.shape[2], c.shape[3]}, std::move(c.v));
        layer("Conv", "conv1", false, use_noise ? 0 : -1);
    } else {
        layer("Conv0_up", "conv0", true, use_noise ? 2 * log2 - 5 : -1);
        layer("Conv1", "conv1", false, use_noise ? 2 * log2 - 4 : -1);
    }
    const std::string arch = kwargs.value("architecture", "skip");
    if (arch == "skip" || res == static_cast<int>(kwargs["img_resolution"])) {
        conv(tf + "ToRGB/weight", b + "torgb.weight", false);
        copy("synthesis", tf + "ToRGB/bias", b + "torgb.bias");
        dense("synthesis/" + tf + "ToRGB/mod_weight", b + "torgb.affine.weight");
        copy("synthesis", tf + "ToRGB/mod_bias", b + "torgb.affine.bias", 1.f);
    }
    if (arch == "resnet" && res > 4) conv(tf + "Skip/weight", b + "skip.weight", true);
}

json Converter::constructorKwargs(const json& tf) {
    // The constructor kwargs, with G_main's / G_synthesis_stylegan2's defaults (legacy.py).
    json kw = {{"z_dim", kwarg(tf, "latent_size", 512)},
               {"c_dim", kwarg(tf, "label_size", 0)},
               {"w_dim", kwarg(tf, "dlatent_size", 512)},
               {"img_resolution", kwarg(tf, "resolution", 1024)},
               {"img_channels", kwarg(tf, "num_channels", 3)},
               {"channel_max", kwarg(tf, "fmap_max", 512)},
               {"num_fp16_res", kwarg(tf, "num_fp16_res", 0)},
               {"conv_clamp", kwarg(tf, "conv_clamp", nullptr)},
               {"architecture", kwarg(tf, "architecture", "skip")},
               {"resample_filter", kwarg(tf, "resample_kernel", json::array({1, 3, 3, 1}))},
               {"use_noise", kwarg(tf, "use_noise", true)},
               {"activation", kwarg(tf, "nonlinearity", "lrelu")}};
    const json fmap_base = kwarg(tf, "fmap_base", 16384);
    if (!fmap_base.is_number_integer()) fail("Gs static_kwargs 'fmap_base' is " + jsonPreview(fmap_base) + ", expected an integer");
    kw["channel_base"] = fmap_base.get<std::int64_t>() * 2;
    json mapping = {{"num_layers", kwarg(tf, "mapping_layers", 8)},
                    {"embed_features", kwarg(tf, "label_fmaps", nullptr)},
                    {"layer_features", kwarg(tf, "mapping_fmaps", nullptr)},
                    {"activation", kwarg(tf, "mapping_nonlinearity", "lrelu")},
                    {"lr_multiplier", kwarg(tf, "mapping_lrmul", 0.01)}};
    known_.insert("w_avg_beta");
    mapping["w_avg_beta"] = tf.contains("w_avg_beta") && tf["w_avg_beta"].is_null() ? json(1) : tf.value("w_avg_beta", json(0.995));
    kw["mapping_kwargs"] = mapping;
    // Training-only arguments that do not change the network.
    for (const char* k : {"truncation_psi", "truncation_cutoff", "style_mixing_prob", "structure", "conditioning", "fused_modconv"}) {
        known_.insert(k);
    }
    for (const auto& [key, value] : tf.items()) {
        if (!known_.count(key)) fail("Gs static_kwargs: unknown TensorFlow kwarg " + quoteText(key) + " (=" + jsonPreview(value) + ")");
    }
    if (!kw["img_resolution"].is_number_integer() || kw["img_resolution"].get<std::int64_t>() < 4 ||
        kw["img_resolution"].get<std::int64_t>() > 65536) {
        fail("Gs static_kwargs 'resolution' is " + jsonPreview(kw["img_resolution"]) + ", expected an integer in [4, 65536]");
    }
    return kw;
}

void Converter::mappingTensors(const json& kw) {
    const json& mapping = kw["mapping_kwargs"];
    copy("", "dlatent_avg", "mapping.w_avg");
    if (kw["c_dim"] != 0) {
        dense("mapping/LabelEmbed/weight", "mapping.embed.weight");
        copy("mapping", "LabelEmbed/bias", "mapping.embed.bias");
    }
    const int layers = mapping["num_layers"].is_number_integer() ? mapping["num_layers"].get<int>() : 0;
    for (int i = 0; i < layers && i < 1024; ++i) {
        dense("mapping/Dense" + std::to_string(i) + "/weight", "mapping.fc" + std::to_string(i) + ".weight");
        copy("mapping", "Dense" + std::to_string(i) + "/bias", "mapping.fc" + std::to_string(i) + ".bias");
    }
}

void Converter::synthesisTensors(const json& kw) {
    const int res = kw["img_resolution"].get<int>();
    // resample_filter buffers are not stored: they are setup_filter(resample_kernel), a normalised outer product.
    std::vector<float> taps;
    for (const auto& x : kw["resample_filter"]) {
        if (!x.is_number()) fail("Gs static_kwargs 'resample_kernel' holds " + jsonPreview(x) + ", expected numbers");
        taps.push_back(x.get<float>());
    }
    if (taps.empty() || taps.size() >= 8) fail("Gs static_kwargs 'resample_kernel' must have 1 to 7 taps");
    double sum = 0;
    for (float t : taps) sum += t;
    std::vector<float> filter;
    for (float a : taps)
        for (float b : taps) filter.push_back(static_cast<float>(a * b / (sum * sum)));
    const auto n = static_cast<std::int64_t>(taps.size());
    for (int r = 4; r <= res; r *= 2) {
        synthesisLayers(r, kw);
        const std::string b = "synthesis.b" + std::to_string(r) + ".";
        put(b + "resample_filter", {n, n}, filter);
        for (const char* l : {"conv0", "conv1"}) {
            if (r == 4 && std::string(l) == "conv0") continue;
            put(b + l + ".resample_filter", {n, n}, filter);
        }
    }
}

RawWeights Converter::run() {
    const json kw = constructorKwargs(parseJsonText(tf_.init_kwargs_json, source_ + ": Gs static_kwargs"));
    out_.source = source_;
    out_.notes = tf_.notes;
    out_.sha256 = tf_.sha256;
    out_.class_name = "training.networks_stylegan2.Generator";
    out_.init_kwargs_json = kw.dump(-1, ' ', false, json::error_handler_t::replace);
    mappingTensors(kw);
    synthesisTensors(kw);
    return std::move(out_);
}

std::string synthesisFunction(const RawWeights& tf) {
    for (const auto& c : tf.components)
        if (c.key == "synthesis") return c.class_name;
    return {};
}

}  // namespace

RawWeights styleGan2FromTf(const RawWeights& tf) {
    const std::string func = synthesisFunction(tf);
    if (func != "G_synthesis_stylegan2")
        throw std::runtime_error(tf.source + ": Gs is G_main with synthesis " + (func.empty() ? std::string("(none)") : quoteText(func)) +
                                 ": not supported (StyleGAN2 TF pickles are read with G_synthesis_stylegan2, configs E and F)");
    return Converter(tf).run();
}

}  // namespace stylemix
