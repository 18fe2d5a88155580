#include "model/nets/stylegan2/stylegan2_weights.h"

#include "model/nets/raw_tensors.h"

namespace stylemix {

std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const StyleGan2Config& config,
                                                     const ProgressHooks& hooks) {
    return loadExpectedTensors(raw, namedShapes(config.expectedTensors()), styleGan2Words(), hooks);
}

RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const StyleGan2Config& config) {
    RawWeights raw;
    raw.class_name = "training.networks_stylegan2.Generator";
    raw.init_kwargs_json = config.toJson();
    for (const auto& [name, tensor] : state_dict) raw.tensors.emplace(name, floatTensorToRaw(tensor));
    return raw;
}

}  // namespace stylemix
