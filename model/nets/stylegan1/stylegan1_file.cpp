#include "model/nets/stylegan1/stylegan1_file.h"

#include "model/io/message_text.h"

#include "model/nets/stylegan1/stylegan1_tf_import.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace stylemix {
namespace {

// The architecture plus each layer's learned noise strength: the mean |w| of
// its per-channel noise weights, as the generator reports it.
ModelDescription describeStyleGan1(const RawWeights& raw) {
    ModelDescription d = styleGan1ConfigFromRaw(raw).describe();
    std::vector<float> values;
    for (const auto& layer : d.layers) {
        if (layer.noise_index < 0) continue;
        const std::string name = "synthesis/" + layer.name + "/Noise/weight";
        const auto it = raw.tensors.find(name);
        if (it == raw.tensors.end()) throw std::runtime_error(raw.source + ": missing variable '" + name + "'");
        checkTensorBytes(it->second, raw.source, name);
        values.resize(static_cast<std::size_t>(it->second.numel()));
        decodeFloats(it->second, raw.source, name, values.data());
        double sum = 0;
        for (float v : values) sum += std::fabs(v);
        d.noise_strengths.push_back(values.empty() ? 0.f : static_cast<float>(sum / static_cast<double>(values.size())));
    }
    d.notes = raw.notes;
    return d;
}

}  // namespace

bool claimsStyleGan1(const RawWeights& raw) {
    switch (raw.container) {
        case Container::TfPickle: return raw.class_name == "G_style";
        case Container::Safetensors: return raw.class_name == kStyleGan1ClassName;
        case Container::PyTorchPickle: return false;
    }
    return false;
}

RawWeights adoptStyleGan1(RawWeights raw) {
    return raw.container == Container::TfPickle ? styleGan1FromTf(std::move(raw)) : std::move(raw);
}

StyleGan1Config styleGan1ConfigFromRaw(const RawWeights& raw) {
    if (raw.class_name != kStyleGan1ClassName)
        throw std::runtime_error(raw.source + ": class " + quoteText(raw.class_name) + " is not a StyleGAN1 G_style network");
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no static_kwargs: cannot tell the StyleGAN1 architecture");
    return StyleGan1Config::fromJson(raw.init_kwargs_json, raw.source);
}

ExpectedTensorWords styleGan1Words(const StyleGan1Config& config) {
    ExpectedTensorWords words;
    words.noun = "variable";
    words.not_part_of = "a " + std::to_string(config.resolution) + "x" + std::to_string(config.resolution) +
                        " G_style with these static_kwargs";
    words.missing_note = " from the static_kwargs";
    words.shape_note = " from the static_kwargs";
    return words;
}

TensorValueCheck styleGan1ValueCheck(const std::string& source) {
    return [source](const std::string& name, const float* values, std::size_t count) {
        if ((name == "lod" || name == "synthesis/lod") && count == 1 && values[0] != 0.f)
            throw std::runtime_error(source + ": variable '" + name + "' is " + std::to_string(values[0]) +
                                     ": only fully grown networks (lod 0) can be rendered");
    };
}

void checkStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config, const ProgressHooks& hooks) {
    checkExpectedTensors(raw, namedShapes(config.expectedVariables()), styleGan1Words(config), hooks,
                         styleGan1ValueCheck(raw.source));
}

FamilyReader styleGan1Reader() {
    FamilyReader r;
    r.name = "stylegan1";
    r.claims = claimsStyleGan1;
    r.adopt = adoptStyleGan1;
    r.validate = [](const RawWeights& raw, const ProgressHooks& hooks) {
        checkStyleGan1Weights(raw, styleGan1ConfigFromRaw(raw), hooks);
    };
    r.describe = describeStyleGan1;
    return r;
}

}  // namespace stylemix
