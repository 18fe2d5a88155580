#include "model/core/recipe_noise_by_layer.h"

namespace stylemix {

nlohmann::json noiseByLayerToJson(const NoiseByLayerRequest& request, nlohmann::json subject, nlohmann::json noise) {
    return {{"subject", std::move(subject)}, {"noise", std::move(noise)}, {"samples", request.samples}};
}

NoiseByLayerRequest noiseByLayerFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path,
                                         LabSubject subject, NoiseSpec noise) {
    NoiseByLayerRequest request;
    request.subject = std::move(subject);
    request.noise = std::move(noise);
    request.samples = static_cast<int>(fields.integer(fields.at(j, "samples", path + "."), path + ".samples",
                                                      kMinNoiseByLayerSamples, kMaxNoiseByLayerSamples));
    return request;
}

}  // namespace stylemix
