#include "model/core/recipe_influence.h"

#include "model/core/influence_map.h"
#include "model/core/influence_request.h"

namespace stylemix {

nlohmann::json influenceToJson(const InfluenceSpec& spec, nlohmann::json a, nlohmann::json b, nlohmann::json truncation,
                               nlohmann::json noise) {
    nlohmann::json bands = nlohmann::json::array();
    for (std::size_t i = 0; i < spec.bands.size(); ++i)
        bands.push_back({{"label", i < spec.band_labels.size() ? spec.band_labels[i] : std::string()}, {"styles", spec.bands[i]}});
    return {{"a", std::move(a)},
            {"b", std::move(b)},
            {"bands", std::move(bands)},
            {"truncation", std::move(truncation)},
            {"noise", std::move(noise)},
            {"threshold", spec.threshold}};
}

InfluenceSpec influenceFromJson(const nlohmann::json& j, const RecipeFields& f, const std::string& path, InfluenceSpec spec) {
    const nlohmann::json& bands = f.at(j, "bands", path + ".");
    if (!bands.is_array() || bands.empty() || bands.size() > static_cast<std::size_t>(kMaxInfluenceBands))
        f.fail(path + ".bands", "must be a list of 1 to " + std::to_string(kMaxInfluenceBands) + " bands");
    spec.bands.clear();
    spec.band_labels.clear();
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const std::string at = path + ".bands[" + std::to_string(i) + "]";
        std::string label = f.string(f.at(bands[i], "label", at + "."), at + ".label");
        if (label.size() > kMaxInfluenceLabelBytes)
            f.fail(at + ".label", "is " + std::to_string(label.size()) + " bytes long (at most " + std::to_string(kMaxInfluenceLabelBytes) + ")");
        spec.band_labels.push_back(std::move(label));
        const nlohmann::json& styles = f.at(bands[i], "styles", at + ".");
        if (!styles.is_array()) f.fail(at + ".styles", "must be a list of ws indices");
        std::vector<int> band;
        for (std::size_t k = 0; k < styles.size(); ++k)
            band.push_back(static_cast<int>(f.integer(styles[k], at + ".styles[" + std::to_string(k) + "]", 0, 1 << 20)));
        spec.bands.push_back(std::move(band));
    }
    spec.threshold = static_cast<int>(f.integer(f.at(j, "threshold", path + "."), path + ".threshold", 0, kMaxInfluenceThreshold));
    return spec;
}

}  // namespace stylemix
