#include "model/nets/stylegan2/stylegan2_weights.h"

#include "model/nets/raw_tensors.h"

#include <set>
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
        if (raw.class_name.find("stylegan3") != std::string::npos)
            throw std::runtime_error(raw.source + ": class '" + raw.class_name +
                                     "' is a StyleGAN3 generator: StyleGAN3 is not supported yet");
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
    const auto expected = config.expectedTensors();
    std::set<std::string> expected_names;
    for (const auto& e : expected) expected_names.insert(e.name);
    for (const auto& [name, t] : raw.tensors)
        if (!expected_names.count(name))
            throw std::runtime_error(raw.source + ": unexpected tensor '" + name + "' " + shapeText(t.shape) +
                                     " (not part of a StyleGAN2 generator with these init_kwargs)");

    std::map<std::string, torch::Tensor> out;
    size_t done = 0;
    for (const auto& e : expected) {
        hooks.check();
        auto it = raw.tensors.find(e.name);
        if (it == raw.tensors.end())
            throw std::runtime_error(raw.source + ": missing tensor '" + e.name + "' (expected shape " +
                                     shapeText(e.shape) + ")");
        const RawTensor& t = it->second;
        if (t.shape != e.shape)
            throw std::runtime_error(raw.source + ": tensor '" + e.name + "' has wrong shape; expected " +
                                     shapeText(e.shape) + ", got " + shapeText(t.shape));
        out.emplace(e.name, rawToFloatTensor(t, raw.source, e.name));
        hooks.report(static_cast<float>(++done) / static_cast<float>(expected.size()));
    }
    return out;
}

RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const GeneratorConfig& config) {
    RawWeights raw;
    raw.class_name = "training.networks_stylegan2.Generator";
    raw.init_kwargs_json = config.toJson();
    for (const auto& [name, tensor] : state_dict) raw.tensors.emplace(name, floatTensorToRaw(tensor));
    return raw;
}

}  // namespace stylemix
