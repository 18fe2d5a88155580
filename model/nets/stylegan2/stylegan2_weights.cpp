#include "model/nets/stylegan2/stylegan2_weights.h"

#include "model/nets/raw_tensors.h"

#include <stdexcept>

namespace stylemix {
namespace {

bool isStyleGan2Class(const std::string& name) {
    return name == "training.networks_stylegan2.Generator" || name == "training.networks.Generator";
}

}  // namespace

bool isStyleGan2Raw(const RawWeights& raw) { return raw.class_name.empty() || isStyleGan2Class(raw.class_name); }

GeneratorConfig configFromRaw(const RawWeights& raw) {
    if (!raw.class_name.empty() && !isStyleGan2Class(raw.class_name)) {
        throw std::runtime_error(raw.source + ": class '" + raw.class_name +
                                 "' is not a StyleGAN2 generator (expected training.networks_stylegan2.Generator)");
    }
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no 'init_kwargs' metadata: cannot tell the generator's architecture");
    GeneratorConfig config = GeneratorConfig::fromJson(raw.init_kwargs_json, raw.source);
    config.checkFitsFile(raw);   // bounded by the file before anything is built
    config.notes = raw.notes;
    return config;
}

std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const GeneratorConfig& config,
                                                     const ProgressHooks& hooks) {
    ExpectedTensorWords words;
    words.not_part_of = "a StyleGAN2 generator with these init_kwargs";
    return loadExpectedTensors(raw, namedShapes(config.expectedTensors()), words, hooks);
}

RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const GeneratorConfig& config) {
    RawWeights raw;
    raw.class_name = "training.networks_stylegan2.Generator";
    raw.init_kwargs_json = config.toJson();
    for (const auto& [name, tensor] : state_dict) raw.tensors.emplace(name, floatTensorToRaw(tensor));
    return raw;
}

}  // namespace stylemix
