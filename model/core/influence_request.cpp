#include "model/core/influence_request.h"

#include "model/core/figures.h"

namespace stylemix {

MixRequest influenceMixRequest(const InfluenceSpec& spec) {
    MixRequest req;
    req.rows.assign(spec.bands.size(), spec.a);
    req.cols = {spec.b};
    req.row_styles = spec.bands;
    if (!spec.bands.empty()) req.styles = spec.bands.front();
    req.truncation = spec.truncation;
    req.noise = spec.noise;
    req.transform = spec.transform;
    return req;
}

InfluenceSpec bandInfluenceSpec(const Source& a, const Source& b, const ModelDescription& model) {
    InfluenceSpec spec;
    spec.a = a;
    spec.b = b;
    const std::pair<const char*, WsRange> presets[] = {{"coarse", model.coarse}, {"middle", model.middle}, {"fine", model.fine}};
    for (const auto& [name, range] : presets) {
        if (range.empty()) continue;
        std::vector<int> styles;
        for (int i = range.begin; i < range.end; ++i) styles.push_back(i);
        spec.bands.push_back(std::move(styles));
        spec.band_labels.push_back(name);
    }
    return spec;
}

std::string influenceBandTitle(const InfluenceSpec& spec, std::size_t band) {
    const std::string label = band < spec.band_labels.size() ? spec.band_labels[band] : std::string();
    const std::string styles = band < spec.bands.size() ? describeStyles(spec.bands[band]) : std::string("none");
    // A band labelled by its SPEC (the CLI's --styles) says its ws once.
    const bool named = !label.empty() && label != styles;
    return (named ? label + ": " : std::string()) + "ws " + styles + " from B";
}

}  // namespace stylemix
