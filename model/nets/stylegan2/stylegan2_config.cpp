#include "model/nets/stylegan2/stylegan2_config.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"
#include "model/nets/kwargs_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

std::runtime_error configError(const std::string& source, const std::string& what) {
    return std::runtime_error(source + ": init_kwargs: " + what);
}

// Every architecture number has a real range: a few bytes of kwargs must not
// describe a network larger than any file could hold.
struct IntRange {
    int min, max;
};
constexpr IntRange kDimRange{1, 16384};            // z_dim, w_dim, embed/layer features
constexpr IntRange kClassRange{0, 100000};         // c_dim
constexpr IntRange kResolutionRange{4, 16384};     // img_resolution (a power of two)
constexpr IntRange kImgChannelsRange{1, 16};
constexpr IntRange kMappingLayersRange{1, 64};
constexpr IntRange kChannelBaseRange{1, 1 << 22};
constexpr IntRange kChannelMaxRange{1, 16384};
constexpr IntRange kFp16ResRange{0, 32};
constexpr IntRange kKernelSizeRange{1, 15};

const std::set<std::string> kActivations = {"linear", "relu", "lrelu", "tanh", "sigmoid",
                                            "elu",    "selu", "softplus", "swish"};

void parseMapping(const json& m, MappingConfig& out, const KwargsReader& kw) {
    kw.object(m, "mapping_kwargs");
    for (const auto& [key, v] : m.items()) {
        const std::string k = "mapping_kwargs." + key;
        if (key == "num_layers") out.num_layers = kw.integer(v, k, kMappingLayersRange.min, kMappingLayersRange.max);
        else if (key == "embed_features") out.embed_features = v.is_null() ? std::nullopt : std::optional<int>(kw.integer(v, k, kDimRange.min, kDimRange.max));
        else if (key == "layer_features") out.layer_features = v.is_null() ? std::nullopt : std::optional<int>(kw.integer(v, k, kDimRange.min, kDimRange.max));
        else if (key == "activation") out.activation = kw.string(v, k);
        else if (key == "lr_multiplier") out.lr_multiplier = kw.number(v, k);
        else if (key == "w_avg_beta") out.has_w_avg = !v.is_null();
        else if (key == "freeze_layers" || key == "freeze_embed") { /* training only */ }
        else kw.unknownKey(k, "StyleGAN2 MappingNetwork");
    }
    if (!kActivations.count(out.activation))
        throw kw.error("'mapping_kwargs.activation' = " + quoteText(out.activation) + " is not a known activation");
}

// Synthesis-level keys, shared by the flat (stylegan3) and nested (ada) layouts.
bool parseSynthesisKey(const std::string& key, const json& v, StyleGan2Config& c, const KwargsReader& kw,
                       const std::string& prefix) {
    const std::string k = prefix + key;
    if (key == "channel_base") c.channel_base = kw.integer(v, k, kChannelBaseRange.min, kChannelBaseRange.max);
    else if (key == "channel_max") c.channel_max = kw.integer(v, k, kChannelMaxRange.min, kChannelMaxRange.max);
    else if (key == "num_fp16_res") c.num_fp16_res = kw.integer(v, k, kFp16ResRange.min, kFp16ResRange.max);
    else if (key == "architecture") c.architecture = kw.string(v, k);
    else if (key == "conv_clamp") c.conv_clamp = v.is_null() ? std::nullopt : std::optional<double>(kw.number(v, k));
    else if (key == "resample_filter") {
        if (!v.is_array() || v.empty()) throw kw.error("'" + k + "' must be a non-empty list of numbers, got " + jsonPreview(v));
        c.resample_filter.clear();
        for (const auto& x : v) c.resample_filter.push_back(kw.number(x, k));
    }
    else if (key == "kernel_size") c.kernel_size = kw.integer(v, k, kKernelSizeRange.min, kKernelSizeRange.max);
    else if (key == "use_noise") c.use_noise = kw.boolean(v, k);
    else if (key == "activation") c.activation = kw.string(v, k);
    else if (key == "fp16_channels_last") c.fp16_channels_last = kw.boolean(v, k);
    else if (key == "fused_modconv_default") { /* numerics identical up to rounding; we choose per shape */ }
    else return false;
    return true;
}

}  // namespace

StyleGan2Config StyleGan2Config::fromJson(const std::string& json_text, const std::string& source) {
    const KwargsReader kw(source, "init_kwargs");
    const json j = kw.parseObject(json_text);

    StyleGan2Config c;
    // stylegan2-ada-pytorch nests the synthesis kwargs and has different class defaults.
    const bool ada_layout = j.contains("synthesis_kwargs");
    if (ada_layout) {
        c.num_fp16_res = 0;
        c.conv_clamp = std::nullopt;
    }
    for (const char* required : {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels"})
        kw.require(j, required);

    for (const auto& [key, v] : j.items()) {
        if (key == "z_dim") c.z_dim = kw.integer(v, key, kDimRange.min, kDimRange.max);
        else if (key == "c_dim") c.c_dim = kw.integer(v, key, kClassRange.min, kClassRange.max);
        else if (key == "w_dim") c.w_dim = kw.integer(v, key, kDimRange.min, kDimRange.max);
        else if (key == "img_resolution") c.img_resolution = kw.integer(v, key, kResolutionRange.min, kResolutionRange.max);
        else if (key == "img_channels") c.img_channels = kw.integer(v, key, kImgChannelsRange.min, kImgChannelsRange.max);
        else if (key == "mapping_kwargs") parseMapping(v, c.mapping, kw);
        else if (key == "synthesis_kwargs") {
            for (const auto& [sk, sv] : kw.object(v, "synthesis_kwargs").items())
                if (!parseSynthesisKey(sk, sv, c, kw, "synthesis_kwargs."))
                    kw.unknownKey("synthesis_kwargs." + sk, "StyleGAN2 SynthesisNetwork");
        }
        else if (key == "magnitude_ema_beta" || key == "channels_last")
            throw kw.error("'" + key + "' is a StyleGAN3 generator argument, not StyleGAN2's");
        else if (!parseSynthesisKey(key, v, c, kw, ""))
            kw.unknownKey(key, "StyleGAN2 Generator");
    }

    const int r = c.img_resolution;
    if ((r & (r - 1)) != 0) throw kw.error("'img_resolution' = " + std::to_string(r) + " is not a power of two");
    if (c.architecture == "orig" || c.architecture == "resnet")
        throw kw.error("architecture " + quoteText(c.architecture) + " is not supported (StyleMix supports StyleGAN2's 'skip' generator)");
    if (c.architecture != "skip") throw kw.error("unknown architecture " + quoteText(c.architecture));
    if (!kActivations.count(c.activation))
        throw kw.error("'activation' = " + quoteText(c.activation) + " is not a known activation");
    if (c.kernel_size % 2 == 0) throw kw.error("'kernel_size' must be odd, got " + std::to_string(c.kernel_size));
    if (c.resample_filter.size() > 32) throw kw.error("'resample_filter' has more than 32 taps");
    double sum = 0;
    for (double f : c.resample_filter) sum += f;
    if (sum == 0) throw kw.error("'resample_filter' sums to zero");
    if (c.conv_clamp && *c.conv_clamp < 0) throw kw.error("'conv_clamp' must be >= 0 or null");
    if (c.mapping.num_layers < 1) throw kw.error("'mapping_kwargs.num_layers' must be >= 1");
    return c;
}

std::string StyleGan2Config::toJson() const {
    json m = {{"num_layers", mapping.num_layers},
              {"activation", mapping.activation},
              {"lr_multiplier", mapping.lr_multiplier}};
    if (mapping.embed_features) m["embed_features"] = *mapping.embed_features;
    if (mapping.layer_features) m["layer_features"] = *mapping.layer_features;
    if (!mapping.has_w_avg) m["w_avg_beta"] = nullptr;
    json j = {{"z_dim", z_dim},
              {"c_dim", c_dim},
              {"w_dim", w_dim},
              {"img_resolution", img_resolution},
              {"img_channels", img_channels},
              {"mapping_kwargs", m},
              {"channel_base", channel_base},
              {"channel_max", channel_max},
              {"num_fp16_res", num_fp16_res},
              {"architecture", architecture},
              {"resample_filter", resample_filter},
              {"kernel_size", kernel_size},
              {"use_noise", use_noise},
              {"activation", activation}};
    j["conv_clamp"] = conv_clamp ? json(*conv_clamp) : json(nullptr);
    return j.dump();
}

std::vector<int> StyleGan2Config::blockResolutions() const {
    std::vector<int> out;
    for (int res = 4; res <= img_resolution; res *= 2) out.push_back(res);
    return out;
}

int StyleGan2Config::channelsAt(int resolution) const { return std::min(channel_base / resolution, channel_max); }

int StyleGan2Config::fp16Resolution() const {
    int log2 = 0;
    while ((1 << log2) < img_resolution) ++log2;
    const int shift = log2 + 1 - num_fp16_res;
    // max(2 ** (log2 + 1 - num_fp16_res), 8); huge num_fp16_res gives a tiny power.
    return shift <= 3 ? 8 : (1 << shift);
}

int StyleGan2Config::numWs() const {
    const int blocks = static_cast<int>(blockResolutions().size());
    return 2 * blocks;   // 1 conv at 4², 2 convs per later block, plus the last ToRGB
}

int StyleGan2Config::embedFeatures() const { return c_dim == 0 ? 0 : mapping.embed_features.value_or(w_dim); }
int StyleGan2Config::layerFeatures() const { return mapping.layer_features.value_or(w_dim); }

std::vector<SynthesisLayerInfo> StyleGan2Config::synthesisLayers() const {
    std::vector<SynthesisLayerInfo> layers;
    int w_idx = 0;
    int noise_idx = 0;
    for (int res : blockResolutions()) {
        const std::string b = "b" + std::to_string(res);
        int local = 0;
        auto add = [&](const std::string& name, bool torgb) {
            SynthesisLayerInfo info;
            info.name = b + "." + name;
            info.resolution = res;
            info.ws_index = w_idx + local++;
            info.is_torgb = torgb;
            info.noise_index = (!torgb && use_noise) ? noise_idx++ : -1;
            layers.push_back(info);
        };
        if (res > 4) add("conv0", false);
        add("conv1", false);
        add("torgb", true);
        w_idx += res > 4 ? 2 : 1;   // the ToRGB's w is shared with the next block's conv0
    }
    return layers;
}

std::vector<NoiseLayerInfo> StyleGan2Config::noiseLayers() const {
    std::vector<NoiseLayerInfo> out;
    for (const auto& l : synthesisLayers())
        if (l.noise_index >= 0) out.push_back({l.name, l.resolution});
    return out;
}

std::vector<WsInfo> StyleGan2Config::wsInfo() const {
    std::vector<WsInfo> out(numWs());
    for (int i = 0; i < numWs(); ++i) {
        out[i].resolution = std::min(4 << (i / 2), img_resolution);
        out[i].label = std::to_string(out[i].resolution) + "\u00b2";
    }
    for (const auto& l : synthesisLayers()) out[l.ws_index].layers.push_back(l.name);
    return out;
}

namespace {

// The visualizer's layer list (viz/renderer.py run_synthesis_net): forward hooks fire as
// modules finish, so per block: conv0 (above 4²), conv1, torgb, then the block's two outputs
// (x as "bR:0", the skip image as "bR:1"); the network's image last, as "output".
std::vector<ActivationInfo> activationsOf(const StyleGan2Config& c) {
    std::vector<ActivationInfo> out;
    const std::vector<SynthesisLayerInfo> layers = c.synthesisLayers();
    for (int li = 0; li < static_cast<int>(layers.size()); ++li) {
        const SynthesisLayerInfo& l = layers[static_cast<std::size_t>(li)];
        const int r = l.resolution, ch = c.channelsAt(r);
        if (!l.is_torgb) {
            out.push_back({l.name, ch, r, r, li});
            continue;
        }
        const std::string block = "b" + std::to_string(r);
        out.push_back({l.name, c.img_channels, r, r, li});
        out.push_back({block + ":0", ch, r, r, li});
        out.push_back({block + ":1", c.img_channels, r, r, li});
    }
    out.push_back({"output", c.img_channels, c.img_resolution, c.img_resolution, static_cast<int>(layers.size()) - 1});
    return out;
}

}  // namespace

ModelDescription StyleGan2Config::describe() const {
    ModelDescription d = describeBasics({"stylegan2", "StyleGAN2", z_dim, c_dim, w_dim, img_resolution, img_channels, numWs()});
    d.layers = synthesisLayers();
    d.activations = activationsOf(*this);
    d.ws_info = wsInfo();
    d.noise_layers = noiseLayers();
    if (!d.noise_layers.empty()) d.noise_modes = {NoiseMode::Const, NoiseMode::Random, NoiseMode::None};
    d.notes = notes;
    const auto clamp = conv_clamp ? std::to_string(static_cast<int>(*conv_clamp)) : std::string("none");
    d.details = {{"mapping layers", std::to_string(mapping.num_layers)},
                 {"channel_base / max", std::to_string(channel_base) + " / " + std::to_string(channel_max)},
                 {"architecture", architecture},
                 {"num_fp16_res", std::to_string(num_fp16_res)},
                 {"conv_clamp", clamp}};
    return d;
}

std::vector<ExpectedTensor> StyleGan2Config::expectedTensors() const {
    std::vector<ExpectedTensor> t;
    const std::int64_t W = w_dim;
    // setup_filter keeps filters of 8+ taps separable (1-D); shorter ones become their outer product.
    const std::int64_t taps = static_cast<std::int64_t>(resample_filter.size());
    const std::vector<std::int64_t> filter_shape =
        taps >= 8 ? std::vector<std::int64_t>{taps} : std::vector<std::int64_t>{taps, taps};

    if (c_dim > 0) {
        t.push_back({"mapping.embed.weight", {embedFeatures(), c_dim}});
        t.push_back({"mapping.embed.bias", {embedFeatures()}});
    }
    for (int i = 0; i < mapping.num_layers; ++i) {
        const std::int64_t in = i == 0 ? z_dim + embedFeatures() : layerFeatures();
        const std::int64_t out = i == mapping.num_layers - 1 ? w_dim : layerFeatures();
        const std::string p = "mapping.fc" + std::to_string(i);
        t.push_back({p + ".weight", {out, in}});
        t.push_back({p + ".bias", {out}});
    }
    if (mapping.has_w_avg) t.push_back({"mapping.w_avg", {W}});

    const std::int64_t k = kernel_size;
    for (int res : blockResolutions()) {
        const std::string b = "synthesis.b" + std::to_string(res);
        const std::int64_t out_ch = channelsAt(res);
        const std::int64_t in_ch = res > 4 ? channelsAt(res / 2) : 0;
        t.push_back({b + ".resample_filter", filter_shape});
        if (res == 4) t.push_back({b + ".const", {out_ch, 4, 4}});
        auto conv = [&](const std::string& name, std::int64_t cin) {
            const std::string p = b + "." + name;
            t.push_back({p + ".resample_filter", filter_shape});
            t.push_back({p + ".affine.weight", {cin, W}});
            t.push_back({p + ".affine.bias", {cin}});
            t.push_back({p + ".weight", {out_ch, cin, k, k}});
            t.push_back({p + ".bias", {out_ch}});
            if (use_noise) {
                t.push_back({p + ".noise_const", {res, res}});
                t.push_back({p + ".noise_strength", {}});
            }
        };
        if (res > 4) conv("conv0", in_ch);
        conv("conv1", out_ch);
        const std::string p = b + ".torgb";
        t.push_back({p + ".affine.weight", {out_ch, W}});
        t.push_back({p + ".affine.bias", {out_ch}});
        t.push_back({p + ".weight", {img_channels, out_ch, 1, 1}});
        t.push_back({p + ".bias", {img_channels}});
    }
    return t;
}


namespace {

std::uint64_t elementCount(const std::vector<std::int64_t>& shape) {
    std::uint64_t n = 1;
    for (std::int64_t d : shape)
        if (d < 0 || __builtin_mul_overflow(n, static_cast<std::uint64_t>(d), &n)) return UINT64_MAX;
    return n;
}

// At most 8 dims: a file's shape can list millions.
std::string shapeString(const std::vector<std::int64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size() && i < 8; ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() > 8) text += ", ... (" + std::to_string(shape.size()) + " dims)";
    return text + "]";
}

}  // namespace

void StyleGan2Config::checkFitsFile(const RawWeights& raw) const {
    const std::vector<ExpectedTensor> expected = expectedTensors();
    std::uint64_t expected_elements = 0;
    for (const auto& e : expected)
        if (__builtin_add_overflow(expected_elements, elementCount(e.shape), &expected_elements)) expected_elements = UINT64_MAX;
    std::uint64_t file_elements = 0;
    for (const auto& [name, t] : raw.tensors)
        if (__builtin_add_overflow(file_elements, elementCount(t.shape), &file_elements)) file_elements = UINT64_MAX;
    if (expected.size() <= raw.tensors.size() && expected_elements <= file_elements) return;

    // Name the first tensor that cannot be there, so the message points at the field.
    std::string first;
    for (const auto& e : expected) {
        const auto it = raw.tensors.find(e.name);
        if (it == raw.tensors.end()) {
            first = "first missing tensor '" + e.name + "' " + shapeString(e.shape);
            break;
        }
        if (elementCount(it->second.shape) < elementCount(e.shape)) {
            first = "tensor '" + e.name + "' has wrong shape; expected " + shapeString(e.shape) + ", got " +
                    shapeString(it->second.shape);
            break;
        }
    }
    throw configError(raw.source, "describe " + std::to_string(expected.size()) + " tensors of " +
                                      std::to_string(expected_elements) + " elements, but the file holds " +
                                      std::to_string(raw.tensors.size()) + " tensors of " +
                                      std::to_string(file_elements) + " elements (" + first + ")");
}

}  // namespace stylemix
