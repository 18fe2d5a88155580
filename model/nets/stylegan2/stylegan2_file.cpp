#include "model/nets/stylegan2/stylegan2_file.h"

#include "model/io/message_text.h"
#include "model/io/strict_json.h"
#include "model/nets/stylegan2/stylegan2_tf_import.h"

#include <stdexcept>

namespace stylemix {
namespace {

constexpr const char* kStyleGan2Class = "training.networks_stylegan2.Generator";   // the stylegan3 repo's
constexpr const char* kAdaClass = "training.networks.Generator";                   // stylegan2-ada-pytorch's

bool isStyleGan2Class(const std::string& name) { return name == kStyleGan2Class || name == kAdaClass; }

// A network pickle keeps only the bare class name: stylegan2-ada-pytorch's
// Generator nests synthesis_kwargs, the stylegan3 repo's networks_stylegan2
// passes them flat.
RawWeights adoptPyTorchPickle(RawWeights raw) {
    const bool nested = parseJsonText(raw.init_kwargs_json, raw.source + ": init_kwargs").contains("synthesis_kwargs");
    raw.class_name = nested ? kAdaClass : kStyleGan2Class;
    raw.container = Container::Safetensors;
    raw.attributes_json.clear();   // StyleGAN2's architecture is all in its kwargs
    return raw;
}

RawWeights adoptStyleGan2(RawWeights raw) {
    switch (raw.container) {
        case Container::TfPickle: return styleGan2FromTf(raw);
        case Container::PyTorchPickle: return adoptPyTorchPickle(std::move(raw));
        case Container::Safetensors: break;
    }
    if (raw.class_name.empty()) raw.class_name = kStyleGan2Class;
    return raw;
}

// The architecture plus each noise layer's learned strength (a scalar tensor per layer).
ModelDescription describeStyleGan2(const RawWeights& raw) {
    ModelDescription d = configFromRaw(raw).describe();
    for (const auto& layer : d.layers)
        if (layer.noise_index >= 0) d.noise_strengths.push_back(scalarValue(raw, "synthesis." + layer.name + ".noise_strength"));
    return d;
}

}  // namespace

bool claimsStyleGan2(const RawWeights& raw) {
    switch (raw.container) {
        case Container::TfPickle: return raw.class_name == "G_main";
        case Container::PyTorchPickle: return bareClassIs(raw, "Generator") && !hasTensorUnder(raw, "synthesis.input.");
        case Container::Safetensors: return raw.class_name.empty() || isStyleGan2Class(raw.class_name);
    }
    return false;
}

StyleGan2Config configFromRaw(const RawWeights& raw) {
    if (!raw.class_name.empty() && !isStyleGan2Class(raw.class_name)) {
        throw std::runtime_error(raw.source + ": class " + quoteText(raw.class_name) +
                                 " is not a StyleGAN2 generator (expected training.networks_stylegan2.Generator)");
    }
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no 'init_kwargs' metadata: cannot tell the generator's architecture");
    StyleGan2Config config = StyleGan2Config::fromJson(raw.init_kwargs_json, raw.source);
    config.checkFitsFile(raw);   // bounded by the file before anything is built
    config.notes = raw.notes;
    return config;
}

ExpectedTensorWords styleGan2Words() {
    ExpectedTensorWords words;
    words.not_part_of = "a StyleGAN2 generator with these init_kwargs";
    return words;
}

void checkStyleGan2Weights(const RawWeights& raw, const StyleGan2Config& config, const ProgressHooks& hooks) {
    checkExpectedTensors(raw, namedShapes(config.expectedTensors()), styleGan2Words(), hooks);
}

FamilyReader styleGan2Reader() {
    FamilyReader r;
    r.name = "stylegan2";
    r.claims = claimsStyleGan2;
    r.adopt = adoptStyleGan2;
    r.validate = [](const RawWeights& raw, const ProgressHooks& hooks) { checkStyleGan2Weights(raw, configFromRaw(raw), hooks); };
    r.describe = describeStyleGan2;
    return r;
}

}  // namespace stylemix
