#include "model/nets/stylegan1/stylegan1_weights.h"

#include "model/io/tf_pickle.h"
#include "model/nets/raw_tensors.h"

#include <stdexcept>

namespace stylemix {

bool isStyleGan1Raw(const RawWeights& raw) { return raw.class_name == kStyleGan1ClassName; }

StyleGan1Config styleGan1ConfigFromRaw(const RawWeights& raw) {
    if (!isStyleGan1Raw(raw))
        throw std::runtime_error(raw.source + ": class '" + raw.class_name + "' is not a StyleGAN1 G_style network");
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no static_kwargs: cannot tell the StyleGAN1 architecture");
    return StyleGan1Config::fromJson(raw.init_kwargs_json, raw.source);
}

std::map<std::string, torch::Tensor> validateStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config,
                                                              const ProgressHooks& hooks) {
    ExpectedTensorWords words;
    words.noun = "variable";
    words.not_part_of = "a " + std::to_string(config.resolution) + "x" + std::to_string(config.resolution) +
                        " G_style with these static_kwargs";
    words.missing_note = " from the static_kwargs";
    words.shape_note = " from the static_kwargs";
    const auto fullyGrown = [&](const std::string& name, const torch::Tensor& t) {
        if ((name == "lod" || name == "synthesis/lod") && t.item<float>() != 0.f)
            throw std::runtime_error(raw.source + ": variable '" + name + "' is " + std::to_string(t.item<float>()) +
                                     ": only fully grown networks (lod 0) can be rendered");
    };
    return loadExpectedTensors(raw, namedShapes(config.expectedVariables()), words, hooks, fullyGrown);
}

}  // namespace stylemix
