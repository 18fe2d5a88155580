#include "model/nets/stylegan1/stylegan1_config.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"
#include "model/nets/kwargs_reader.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

constexpr const char* kWhat = "StyleGAN1 static_kwargs";

std::runtime_error configError(const std::string& source, const std::string& what) {
    return KwargsReader(source, kWhat).error(what);
}

// `net`'s kwarg `key` ("mapping.latent_size" in messages), `fallback` when absent or None.
int getInt(const json& obj, const std::string& net, const char* key, int fallback, int lo, int hi,
           const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    return KwargsReader(source, kWhat).integer(*it, net + "." + key, lo, hi);
}

double getNumber(const json& obj, const std::string& net, const char* key, double fallback, const std::string& source) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return fallback;
    return KwargsReader(source, kWhat).positiveNumber(*it, net + "." + key);
}

// Arguments of networks_stylegan.py that this port implements only at their
// default value (the official models use the defaults).
const std::pair<const char*, json> kFixed[] = {
    {"use_styles", true},          {"const_input_layer", true}, {"use_noise", true},
    {"nonlinearity", "lrelu"},     {"use_wscale", true},        {"use_pixel_norm", false},
    {"use_instance_norm", true},   {"blur_filter", json::array({1, 2, 1})},
    {"mapping_nonlinearity", "lrelu"}, {"normalize_latents", true}, {"dtype", "float32"},
};

void checkFixed(const json& obj, const std::string& net, const std::string& source) {
    for (const auto& [key, value] : kFixed) {
        auto it = obj.find(key);
        if (it != obj.end() && *it != value) {
            throw configError(source, std::string("'") + net + "." + key + "' = " + jsonPreview(*it) + " is not supported (only " + jsonPreview(value) + ")");
        }
    }
}

std::string sizeText(int r) { return std::to_string(r) + "\u00b2"; }

}  // namespace

StyleGan1Config StyleGan1Config::fromJson(const std::string& json_text, const std::string& source) {
    const KwargsReader kw(source, kWhat);
    const json j = kw.parseObject(json_text);
    for (const char* net : {"G_style", "mapping", "synthesis"}) {
        kw.require(j, net);
        checkFixed(kw.object(j[net], net), net, source);
    }
    const json& m = j["mapping"];
    const json& s = j["synthesis"];
    StyleGan1Config c;
    constexpr int kBig = 1 << 16;
    c.latent_size = getInt(m, "mapping", "latent_size", 512, 1, kBig, source);
    c.label_size = getInt(m, "mapping", "label_size", 0, 0, kBig, source);
    c.dlatent_size = getInt(m, "mapping", "dlatent_size", 512, 1, kBig, source);
    c.mapping_layers = getInt(m, "mapping", "mapping_layers", 8, 1, 64, source);
    c.mapping_fmaps = getInt(m, "mapping", "mapping_fmaps", 512, 1, kBig, source);
    c.mapping_lrmul = getNumber(m, "mapping", "mapping_lrmul", 0.01, source);
    c.resolution = getInt(s, "synthesis", "resolution", 1024, 4, 8192, source);
    c.num_channels = getInt(s, "synthesis", "num_channels", 3, 1, 16, source);
    c.fmap_base = getInt(s, "synthesis", "fmap_base", 8192, 1, 1 << 24, source);
    c.fmap_decay = getNumber(s, "synthesis", "fmap_decay", 1.0, source);
    c.fmap_max = getInt(s, "synthesis", "fmap_max", 512, 1, kBig, source);
    if (c.resolution & (c.resolution - 1)) {
        throw configError(source, "'synthesis.resolution' = " + std::to_string(c.resolution) + " is not a power of two");
    }
    const int s_dlatent = getInt(s, "synthesis", "dlatent_size", 512, 1, kBig, source);
    if (s_dlatent != c.dlatent_size) {
        throw configError(source, "'synthesis.dlatent_size' = " + std::to_string(s_dlatent) + " but mapping's is " +
                                      std::to_string(c.dlatent_size));
    }
    const int broadcast = getInt(m, "mapping", "dlatent_broadcast", c.numLayers(), 0, kBig, source);
    if (broadcast != c.numLayers()) {
        throw configError(source, "'mapping.dlatent_broadcast' = " + std::to_string(broadcast) + " but a " +
                                      sizeText(c.resolution) + " synthesis has " + std::to_string(c.numLayers()) + " layers");
    }
    if (auto it = s.find("fused_scale"); it != s.end()) {
        if (*it == "auto") c.fused_scale = Fused::Auto;
        else if (*it == true) c.fused_scale = Fused::Always;
        else if (*it == false) c.fused_scale = Fused::Never;
        else throw configError(source, "'synthesis.fused_scale' = " + jsonPreview(*it) + ", expected 'auto', true or false");
    }
    for (int r = 4; r <= c.resolution; r *= 2) {
        if (c.channelsAt(r) < 1) throw configError(source, "fmap_base / fmap_decay leave no feature maps at " + sizeText(r));
    }
    return c;
}

std::string StyleGan1Config::toJson() const {
    const json fused = fused_scale == Fused::Auto ? json("auto") : json(fused_scale == Fused::Always);
    json shared = {{"num_channels", num_channels}, {"resolution", resolution}, {"label_size", label_size},
                   {"latent_size", latent_size},   {"dlatent_size", dlatent_size}, {"mapping_layers", mapping_layers},
                   {"mapping_fmaps", mapping_fmaps}, {"mapping_lrmul", mapping_lrmul}, {"fmap_base", fmap_base},
                   {"fmap_decay", fmap_decay},     {"fmap_max", fmap_max},         {"fused_scale", fused}};
    json mapping = shared;
    mapping["dlatent_broadcast"] = numLayers();
    return json{{"G_style", shared}, {"mapping", mapping}, {"synthesis", shared}}.dump();
}

int StyleGan1Config::log2Of(int r) {
    int l = 0;
    while ((1 << (l + 1)) <= r) ++l;
    return l;
}

int StyleGan1Config::resolutionLog2() const { return log2Of(resolution); }

int StyleGan1Config::nf(int stage) const {
    return std::min(static_cast<int>(fmap_base / std::pow(2.0, stage * fmap_decay)), fmap_max);
}

bool StyleGan1Config::fusedAt(int r) const {
    if (fused_scale == Fused::Auto) return r >= 128;   // 'auto': fused when the output is >= 128²
    return fused_scale == Fused::Always;
}

std::vector<SynthesisLayerInfo> StyleGan1Config::synthesisLayers() const {
    std::vector<SynthesisLayerInfo> out;
    auto add = [&](int r, const char* scope) {
        SynthesisLayerInfo l;
        l.name = std::to_string(r) + "x" + std::to_string(r) + "/" + scope;
        l.resolution = r;
        l.ws_index = static_cast<int>(out.size());
        l.noise_index = l.ws_index;
        out.push_back(l);
    };
    add(4, "Const");
    add(4, "Conv");
    for (int r = 8; r <= resolution; r *= 2) {
        add(r, "Conv0_up");
        add(r, "Conv1");
    }
    return out;
}

std::vector<StyleGan1Variable> StyleGan1Config::expectedVariables() const {
    using Shape = std::vector<std::int64_t>;
    std::vector<StyleGan1Variable> v = {{"lod", {}}, {"dlatent_avg", {dlatent_size}}};
    if (label_size > 0) v.push_back({"mapping/LabelConcat/weight", {label_size, latent_size}});
    for (int i = 0; i < mapping_layers; ++i) {
        const std::int64_t in = i == 0 ? latent_size * (label_size > 0 ? 2 : 1) : mapping_fmaps;
        const std::int64_t out = i == mapping_layers - 1 ? dlatent_size : mapping_fmaps;
        v.push_back({"mapping/Dense" + std::to_string(i) + "/weight", {in, out}});
        v.push_back({"mapping/Dense" + std::to_string(i) + "/bias", {out}});
    }
    v.push_back({"synthesis/lod", {}});
    const auto layers = synthesisLayers();
    for (const auto& l : layers) {
        v.push_back({"synthesis/noise" + std::to_string(l.noise_index), {1, 1, l.resolution, l.resolution}});
    }
    const int top = resolutionLog2();
    for (const auto& l : layers) {
        const std::string p = "synthesis/" + l.name + "/";
        const std::int64_t ch = channelsAt(l.resolution);
        if (l.name == "4x4/Const") v.push_back({p + "const", {1, ch, 4, 4}});
        if (l.name != "4x4/Const") {
            const std::int64_t in = l.name.find("Conv0_up") != std::string::npos ? channelsAt(l.resolution / 2) : ch;
            v.push_back({p + "weight", Shape{3, 3, in, ch}});
        }
        v.push_back({p + "Noise/weight", {ch}});
        v.push_back({p + "bias", {ch}});
        v.push_back({p + "StyleMod/weight", {dlatent_size, 2 * ch}});
        v.push_back({p + "StyleMod/bias", {2 * ch}});
        if (l.name.find("Conv") != std::string::npos && l.name.find("Conv0_up") == std::string::npos) {
            // The block's last layer: its ToRGB for level of detail (top - log2 r).
            const std::string rgb = "synthesis/ToRGB_lod" + std::to_string(top - log2Of(l.resolution)) + "/";
            v.push_back({rgb + "weight", {1, 1, ch, num_channels}});
            v.push_back({rgb + "bias", {num_channels}});
        }
    }
    return v;
}

ModelDescription StyleGan1Config::describe() const {
    ModelDescription d = describeBasics({"stylegan1", "StyleGAN1", latent_size, label_size, dlatent_size, resolution, num_channels, numLayers()});
    d.layers = synthesisLayers();
    d.ws_info.resize(static_cast<std::size_t>(d.num_ws));
    for (const auto& l : d.layers) {
        WsInfo& w = d.ws_info[static_cast<std::size_t>(l.ws_index)];
        w.resolution = l.resolution;
        w.layers = {l.name};
        w.label = sizeText(l.resolution);
        d.noise_layers.push_back({l.name, l.resolution});
    }
    d.noise_modes = {NoiseMode::Const, NoiseMode::Random, NoiseMode::None};
    // Each layer's output (after its epilogue) under its TF scope, then the image (docs/explorer.md, "Layers").
    for (std::size_t i = 0; i < d.layers.size(); ++i) {
        const int r = d.layers[i].resolution;
        d.activations.push_back({d.layers[i].name, channelsAt(r), r, r, static_cast<int>(i)});
    }
    d.activations.push_back({"output", num_channels, resolution, resolution, static_cast<int>(d.layers.size()) - 1});
    std::ostringstream lr;
    lr << mapping_lrmul;
    d.details = {{"mapping layers", std::to_string(mapping_layers) + " x " + std::to_string(mapping_fmaps) + " (lrmul " + lr.str() + ")"},
                 {"fmap_base / max", std::to_string(fmap_base) + " / " + std::to_string(fmap_max)},
                 {"styles", "AdaIN (instance norm + per-channel scale and bias)"},
                 {"noise", "per-channel learned strength"},
                 {"upsampling", fused_scale == Fused::Never ? "nearest + conv"
                                : fused_scale == Fused::Always ? "fused transposed conv"
                                                               : "nearest + conv below 128\u00b2, fused transposed conv from 128\u00b2"}};
    return d;
}

}  // namespace stylemix
