#include "model/nets/stylegan2/stylegan2_file.h"

#include "model/io/message_text.h"

#include <stdexcept>

namespace stylemix {
namespace {

bool isStyleGan2Class(const std::string& name) {
    return name == "training.networks_stylegan2.Generator" || name == "training.networks.Generator";
}

// The architecture plus each noise layer's learned strength (a scalar tensor per layer).
ModelDescription describeStyleGan2(const RawWeights& raw) {
    ModelDescription d = configFromRaw(raw).describe();
    for (const auto& layer : d.layers)
        if (layer.noise_index >= 0) d.noise_strengths.push_back(scalarValue(raw, "synthesis." + layer.name + ".noise_strength"));
    return d;
}

}  // namespace

bool isStyleGan2Raw(const RawWeights& raw) { return raw.class_name.empty() || isStyleGan2Class(raw.class_name); }

StyleGan2Config configFromRaw(const RawWeights& raw) {
    if (!raw.class_name.empty() && !isStyleGan2Class(raw.class_name)) {
        throw std::runtime_error(raw.source + ": class " + quoteText(raw.class_name) +
                                 "' is not a StyleGAN2 generator (expected training.networks_stylegan2.Generator)");
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
    r.recognises = [](const RawWeights&) { return true; };   // last resort; configFromRaw says what it refuses
    r.validate = [](const RawWeights& raw, const ProgressHooks& hooks) { checkStyleGan2Weights(raw, configFromRaw(raw), hooks); };
    r.describe = describeStyleGan2;
    return r;
}

}  // namespace stylemix
