#include "model/nets/stylegan3/stylegan3_config.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"
#include "model/nets/kwargs_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stylemix {
namespace {

using nlohmann::json;

// Bounds on what init_kwargs may ask for. The released models sit far inside
// them (1024², 512 channels, 14 layers); a file also has to hold every tensor
// they imply before anything is allocated.
constexpr int kMaxResolution = 8192;
constexpr int kMaxChannels = 16384;
constexpr int kMaxLayers = 64;
constexpr int kMaxMargin = 1024;
constexpr int kMaxFilterSize = 64;
constexpr int kMaxDim = 65536;

std::runtime_error configError(const std::string& source, const std::string& what) {
    return std::runtime_error(source + ": init_kwargs: " + what);
}

void parseMapping(const json& m, Sg3Config& c, const KwargsReader& kw) {
    kw.object(m, "mapping_kwargs");
    for (const auto& [key, v] : m.items()) {
        const std::string k = "mapping_kwargs." + key;
        if (key == "num_layers") c.mapping_layers = kw.integer(v, k, 1, kMaxLayers);
        else if (key == "lr_multiplier") c.mapping_lr_multiplier = kw.number(v, k, 1e-9, 1e9);
        else if (key == "w_avg_beta") { /* training only */ }
        else kw.unknownKey(k, "StyleGAN3 MappingNetwork");
    }
}

bool parseSynthesisKey(const std::string& key, const json& v, Sg3Config& c, const KwargsReader& kw) {
    if (key == "channel_base") c.channel_base = kw.integer(v, key, 1, 1 << 30);
    else if (key == "channel_max") c.channel_max = kw.integer(v, key, 1, kMaxChannels);
    else if (key == "num_layers") c.num_layers = kw.integer(v, key, 1, kMaxLayers);
    else if (key == "num_critical") c.num_critical = kw.integer(v, key, 0, kMaxLayers);
    else if (key == "first_cutoff") c.first_cutoff = kw.number(v, key, 1e-3, kMaxResolution);
    else if (key == "first_stopband") c.first_stopband = kw.number(v, key, 1e-3, kMaxResolution);
    else if (key == "last_stopband_rel") c.last_stopband_rel = kw.number(v, key, 1e-3, 1e3);
    else if (key == "margin_size") c.margin_size = kw.integer(v, key, 0, kMaxMargin);
    else if (key == "output_scale") c.output_scale = kw.number(v, key, -1e6, 1e6);
    else if (key == "num_fp16_res") c.num_fp16_res = kw.integer(v, key, 0, 30);
    else if (key == "conv_kernel") c.conv_kernel = kw.integer(v, key, 1, 15);
    else if (key == "filter_size") c.filter_size = kw.integer(v, key, 1, kMaxFilterSize);
    else if (key == "lrelu_upsampling") c.lrelu_upsampling = kw.integer(v, key, 1, 8);
    else if (key == "use_radial_filters") c.use_radial_filters = kw.boolean(v, key);
    else if (key == "conv_clamp") {
        c.has_conv_clamp = !v.is_null();
        if (c.has_conv_clamp) c.conv_clamp = kw.number(v, key, 0, 1e30);
    }
    else if (key == "magnitude_ema_beta") c.magnitude_ema_beta = kw.number(v, key, 0, 1);
    else return false;
    return true;
}

// SynthesisNetwork.__init__'s geometric progression and SynthesisLayer's
// derived sizes, in float64 like numpy.
void deriveLayers(Sg3Config& c, const std::string& source) {
    const int n = c.num_layers;
    if (c.num_critical >= n)
        throw configError(source, "'num_critical' = " + std::to_string(c.num_critical) + " must be below 'num_layers' = " +
                                      std::to_string(n));
    const double res = c.img_resolution;
    const double last_cutoff = res / 2;
    const double last_stopband = last_cutoff * c.last_stopband_rel;
    std::vector<double> cutoffs, stopbands, rates, half_widths;
    std::vector<int> sizes, channels;
    for (int i = 0; i <= n; ++i) {
        const double e = std::min(static_cast<double>(i) / static_cast<double>(n - c.num_critical), 1.0);
        cutoffs.push_back(c.first_cutoff * std::pow(last_cutoff / c.first_cutoff, e));
        stopbands.push_back(c.first_stopband * std::pow(last_stopband / c.first_stopband, e));
        rates.push_back(std::exp2(std::ceil(std::log2(std::min(stopbands.back() * 2, res)))));
        half_widths.push_back(std::max(stopbands.back(), rates.back() / 2) - cutoffs.back());
        sizes.push_back(static_cast<int>(rates.back()) + 2 * c.margin_size);
        channels.push_back(static_cast<int>(std::nearbyint(std::min(c.channel_base / 2.0 / cutoffs.back(),
                                                                     static_cast<double>(c.channel_max)))));
    }
    sizes[n] = sizes[n - 1] = c.img_resolution;
    channels[n] = c.img_channels;
    for (int i = 0; i <= n; ++i)
        if (rates[i] < 1 || channels[i] < 1)
            throw configError(source, "layer " + std::to_string(i) + " would have sampling rate " + std::to_string(rates[i]) +
                                          " and " + std::to_string(channels[i]) + " channels");

    c.input = {channels[0], sizes[0], rates[0], cutoffs[0]};
    c.layers.clear();
    for (int idx = 0; idx <= n; ++idx) {
        const int prev = std::max(idx - 1, 0);
        Sg3LayerSpec l;
        l.index = idx;
        l.is_torgb = idx == n;
        l.is_critically_sampled = idx >= n - c.num_critical;
        l.use_fp16 = rates[idx] * std::exp2(c.num_fp16_res) > res;
        l.in_channels = channels[prev];
        l.out_channels = channels[idx];
        l.in_size = sizes[prev];
        l.out_size = sizes[idx];
        l.in_sampling_rate = static_cast<int>(rates[prev]);
        l.out_sampling_rate = static_cast<int>(rates[idx]);
        l.tmp_sampling_rate = std::max(l.in_sampling_rate, l.out_sampling_rate) * (l.is_torgb ? 1 : c.lrelu_upsampling);
        l.in_cutoff = cutoffs[prev];
        l.out_cutoff = cutoffs[idx];
        l.in_half_width = half_widths[prev];
        l.out_half_width = half_widths[idx];
        l.conv_kernel = l.is_torgb ? 1 : c.conv_kernel;
        // Rates are powers of two, so the factors are exact integers.
        l.up_factor = l.tmp_sampling_rate / l.in_sampling_rate;
        l.down_factor = l.tmp_sampling_rate / l.out_sampling_rate;
        l.up_taps = l.up_factor > 1 && !l.is_torgb ? c.filter_size * l.up_factor : 1;
        l.down_taps = l.down_factor > 1 && !l.is_torgb ? c.filter_size * l.down_factor : 1;
        l.down_radial = c.use_radial_filters && !l.is_critically_sampled;
        // Padding (Appendix C.3's symmetric interpretation); Python's // floors.
        const std::int64_t total = static_cast<std::int64_t>(l.out_size - 1) * l.down_factor + 1 -
                                   static_cast<std::int64_t>(l.in_size + l.conv_kernel - 1) * l.up_factor +
                                   l.up_taps + l.down_taps - 2;
        const std::int64_t num = total + l.up_factor;
        const std::int64_t lo = num >= 0 ? num / 2 : -((-num + 1) / 2);
        l.padding = {static_cast<int>(lo), static_cast<int>(total - lo), static_cast<int>(lo), static_cast<int>(total - lo)};
        l.name = "L" + std::to_string(idx) + "_" + std::to_string(l.out_size) + "_" + std::to_string(l.out_channels);
        c.layers.push_back(l);
    }
}

// The layer plan's memory, before anything is allocated.
void checkActivationMemory(const Sg3Config& c, const std::string& source) {
    const double bytes = 4.0 * c.largestActivationElements();
    if (bytes <= kSg3MaxActivationBytes) return;
    std::string where = "the input (" + std::to_string(c.input.size) + " px, " + std::to_string(c.input.channels) + " channels)";
    for (const auto& l : c.layers) {
        const double mid = static_cast<double>(l.in_size + l.conv_kernel - 1) * l.up_factor + l.padding[0] + l.padding[1];
        if (4.0 * mid * mid * l.out_channels >= bytes)
            where = "layer " + l.name + " (" + std::to_string(static_cast<long long>(mid)) + "x" +
                    std::to_string(static_cast<long long>(mid)) + " px x " + std::to_string(l.out_channels) + " channels after " +
                    std::to_string(l.up_factor) + "x upsampling)";
    }
    char gib[32];
    std::snprintf(gib, sizeof gib, "%.1f GiB", bytes / (1ull << 30));
    throw configError(source, "this geometry needs " + std::string(gib) + " for one image's activations at " + where +
                                  ", more than the " + std::to_string(static_cast<int>(kSg3MaxActivationBytes / (1ull << 30))) +
                                  " GiB limit (the released StyleGAN3 models need at most 2.7 GiB)");
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3g", v);
    return buf;
}

}  // namespace

Sg3Config Sg3Config::fromJson(const std::string& json_text, const std::string& source) {
    const KwargsReader kw(source, "init_kwargs");
    const json j = kw.parseObject(json_text);
    for (const char* required : {"z_dim", "c_dim", "w_dim", "img_resolution", "img_channels"})
        kw.require(j, required);

    Sg3Config c;
    for (const auto& [key, v] : j.items()) {
        if (key == "z_dim") c.z_dim = kw.integer(v, key, 1, kMaxDim);
        else if (key == "c_dim") c.c_dim = kw.integer(v, key, 0, kMaxDim);
        else if (key == "w_dim") c.w_dim = kw.integer(v, key, 1, kMaxDim);
        else if (key == "img_resolution") c.img_resolution = kw.integer(v, key, 4, kMaxResolution);
        else if (key == "img_channels") c.img_channels = kw.integer(v, key, 1, 4);
        else if (key == "mapping_kwargs") parseMapping(v, c, kw);
        else if (!parseSynthesisKey(key, v, c, kw))
            kw.unknownKey(key, "StyleGAN3 Generator");
    }
    const int r = c.img_resolution;
    if ((r & (r - 1)) != 0) throw configError(source, "'img_resolution' = " + std::to_string(r) + " is not a power of two");
    deriveLayers(c, source);
    checkActivationMemory(c, source);
    return c;
}

double Sg3Config::largestActivationElements() const {
    double m = static_cast<double>(input.channels) * input.size * input.size;
    for (const auto& l : layers) {
        const double mid = static_cast<double>(l.in_size + l.conv_kernel - 1) * l.up_factor + l.padding[0] + l.padding[1];
        m = std::max(m, mid * mid * l.out_channels);
    }
    return m;
}

std::string Sg3Config::configName() const {
    if (conv_kernel == 1 && use_radial_filters) return "R";
    if (conv_kernel == 3 && !use_radial_filters) return "T";
    return "custom";
}

std::vector<Sg3Tensor> Sg3Config::expectedTensors() const {
    using V = std::vector<std::int64_t>;
    std::vector<Sg3Tensor> t;
    if (c_dim > 0) {
        t.push_back({"mapping.embed.weight", V{w_dim, c_dim}});
        t.push_back({"mapping.embed.bias", V{w_dim}});
    }
    for (int j = 0; j < mapping_layers; ++j) {
        const int in = j == 0 ? z_dim + (c_dim > 0 ? w_dim : 0) : w_dim;
        t.push_back({"mapping.fc" + std::to_string(j) + ".weight", V{w_dim, in}});
        t.push_back({"mapping.fc" + std::to_string(j) + ".bias", V{w_dim}});
    }
    t.push_back({"mapping.w_avg", V{w_dim}});
    const int ci = input.channels;
    t.push_back({"synthesis.input.weight", V{ci, ci}});
    t.push_back({"synthesis.input.affine.weight", V{4, w_dim}});
    t.push_back({"synthesis.input.affine.bias", V{4}});
    t.push_back({"synthesis.input.transform", V{3, 3}});
    t.push_back({"synthesis.input.freqs", V{ci, 2}});
    t.push_back({"synthesis.input.phases", V{ci}});
    for (const auto& l : layers) {
        const std::string p = "synthesis." + l.name + ".";
        t.push_back({p + "weight", V{l.out_channels, l.in_channels, l.conv_kernel, l.conv_kernel}});
        t.push_back({p + "bias", V{l.out_channels}});
        t.push_back({p + "magnitude_ema", V{}});
        if (l.up_taps > 1) t.push_back({p + "up_filter", V{l.up_taps}});
        if (l.down_taps > 1)
            t.push_back({p + "down_filter", l.down_radial ? V{l.down_taps, l.down_taps} : V{l.down_taps}});
        t.push_back({p + "affine.weight", V{l.in_channels, w_dim}});
        t.push_back({p + "affine.bias", V{l.in_channels}});
    }
    return t;
}

ModelDescription Sg3Config::describe() const {
    // Presets replaced below by the cutoff bands.
    ModelDescription d = describeBasics({"stylegan3", "StyleGAN3-" + configName(), z_dim, c_dim, w_dim, img_resolution, img_channels, numWs()});
    d.has_input_transform = true;

    // ws[0] drives the input; ws[k] drives layer k-1 (the last one ToRGB).
    d.layers.push_back({"input", input.size, 0, false, -1});
    WsInfo in;
    in.resolution = input.size;
    in.layers = {"input"};
    in.label = "input (pose)";
    d.ws_info.push_back(in);
    for (const auto& l : layers) {
        d.layers.push_back({l.name, l.out_size, l.index + 1, l.is_torgb, -1});
        WsInfo w;
        w.resolution = l.out_size;
        w.layers = {l.name};
        w.label = l.is_torgb ? "ToRGB" : std::to_string(l.out_size) + " px / fc " + fmt(l.out_cutoff);
        d.ws_info.push_back(w);
    }

    // StyleGAN2's coarse band is 4²–8² (content up to 4 cycles per image),
    // middle 16²–32² (up to 16), fine above: the same bands by each ws's
    // output cutoff. Cutoffs grow monotonically, so the bands are ranges.
    auto cutoffOf = [&](int ws) { return ws == 0 ? input.bandwidth : layers[static_cast<size_t>(ws - 1)].out_cutoff; };
    int coarse_end = 0, middle_end = 0;
    while (coarse_end < d.num_ws && cutoffOf(coarse_end) <= 4 * (1 + 1e-9)) ++coarse_end;
    middle_end = coarse_end;
    while (middle_end < d.num_ws && cutoffOf(middle_end) <= 16 * (1 + 1e-9)) ++middle_end;
    d.coarse = {0, coarse_end};
    d.middle = {coarse_end, middle_end};
    d.fine = {middle_end, d.num_ws};

    // The visualizer's names (module paths): the input, each layer, then the image.
    d.activations.push_back({"input", input.channels, input.size, input.size, 0});
    for (const auto& l : layers) d.activations.push_back({l.name, l.out_channels, l.out_size, l.out_size, l.index + 1});
    d.activations.push_back({"output", img_channels, img_resolution, img_resolution, static_cast<int>(layers.size())});

    d.details = {
        {"config", configName() + (configName() == "R" ? " (rotation equivariant)" : configName() == "T" ? " (translation equivariant)" : "")},
        {"layers", std::to_string(num_layers) + " + ToRGB (" + std::to_string(num_critical) + " critically sampled)"},
        {"input", std::to_string(input.channels) + " Fourier features, " + std::to_string(input.size) + " px"},
        {"channels", "max " + std::to_string(channel_max) + ", base " + std::to_string(channel_base)},
        {"conv kernel", std::to_string(conv_kernel) + "x" + std::to_string(conv_kernel)},
        {"filters", use_radial_filters ? "radial (down), separable (up)" : "separable"},
        {"mapping layers", std::to_string(mapping_layers)},
        {"noise inputs", "none"},
    };
    return d;
}

}  // namespace stylemix
