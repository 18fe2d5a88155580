#include "model/core/recipe_layer.h"

#include <cmath>

namespace stylemix {
namespace {

const char* displayName(LayerDisplay d) { return d == LayerDisplay::MeanAbs ? "mean-abs" : "channels"; }

nlohmann::json viewJson(const LayerViewSettings& v) {
    return {{"display", displayName(v.display)}, {"base_channel", v.base_channel}, {"sel_channels", v.sel_channels},
            {"normalize", v.normalize},          {"gain_db", v.gain_db},           {"fft", v.fft},
            {"fft_all", v.fft_all},              {"fft_range_db", v.fft_range_db}, {"fft_beta", v.fft_beta},
            {"untransform", v.untransform}};
}

// A float field in [lo, hi] (lo_open: lo itself excluded).
float bounded(const nlohmann::json& j, const RecipeFields& f, const std::string& path, double lo, double hi, bool lo_open) {
    const double v = f.number(j, path);
    if (!std::isfinite(v) || v < lo || v > hi || (lo_open && v == lo))
        f.fail(path, "must be a number in " + std::string(lo_open ? "(" : "[") + std::to_string(static_cast<int>(lo)) + ", " +
                         std::to_string(static_cast<int>(hi)) + "]");
    return static_cast<float>(v);
}

LayerViewSettings viewFromJson(const nlohmann::json& j, const RecipeFields& f, const std::string& path) {
    const std::string p = path + ".";
    LayerViewSettings v;
    const std::string display = f.string(f.at(j, "display", p), p + "display");
    if (display == "mean-abs") v.display = LayerDisplay::MeanAbs;
    else if (display != "channels") f.fail(p + "display", "must be 'channels' or 'mean-abs'");
    v.base_channel = static_cast<int>(f.integer(f.at(j, "base_channel", p), p + "base_channel", 0, kMaxLayerBaseChannel));
    v.sel_channels = static_cast<int>(f.integer(f.at(j, "sel_channels", p), p + "sel_channels", 1, 3));
    if (v.sel_channels == 2) f.fail(p + "sel_channels", "must be 1 or 3");
    v.normalize = f.boolean(f.at(j, "normalize", p), p + "normalize");
    v.gain_db = bounded(f.at(j, "gain_db", p), f, p + "gain_db", -kMaxLayerGainDb, kMaxLayerGainDb, false);
    v.fft = f.boolean(f.at(j, "fft", p), p + "fft");
    v.fft_all = f.boolean(f.at(j, "fft_all", p), p + "fft_all");
    v.fft_range_db = bounded(f.at(j, "fft_range_db", p), f, p + "fft_range_db", 0, kMaxLayerFftRangeDb, true);
    v.fft_beta = bounded(f.at(j, "fft_beta", p), f, p + "fft_beta", 0, kMaxLayerFftBeta, false);
    v.untransform = f.boolean(f.at(j, "untransform", p), p + "untransform");
    return v;
}

}  // namespace

nlohmann::json layerToJson(const LayerRequest& request, nlohmann::json subject, nlohmann::json noise) {
    return {{"subject", std::move(subject)}, {"noise", std::move(noise)}, {"layer", request.layer}, {"view", viewJson(request.view)}};
}

LayerRequest layerFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path, LabSubject subject,
                           NoiseSpec noise) {
    LayerRequest request;
    request.subject = std::move(subject);
    request.noise = std::move(noise);
    request.layer = fields.string(fields.at(j, "layer", path + "."), path + ".layer");
    if (request.layer.empty()) fields.fail(path + ".layer", "is empty");
    request.view = viewFromJson(fields.at(j, "view", path + "."), fields, path + ".view");
    return request;
}

}  // namespace stylemix
