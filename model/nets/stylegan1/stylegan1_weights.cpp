#include "model/nets/stylegan1/stylegan1_weights.h"

#include "model/io/tf_pickle.h"
#include "model/nets/raw_tensors.h"

#include <set>
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
    const auto expected = config.expectedVariables();
    std::set<std::string> names;
    for (const auto& e : expected) names.insert(e.name);
    for (const auto& [name, t] : raw.tensors)
        if (!names.count(name))
            throw std::runtime_error(raw.source + ": unexpected variable '" + name + "' " + shapeText(t.shape) +
                                     " (not part of a " + std::to_string(config.resolution) +
                                     "x" + std::to_string(config.resolution) + " G_style with these static_kwargs)");
    std::map<std::string, torch::Tensor> out;
    std::size_t done = 0;
    for (const auto& e : expected) {
        hooks.check();
        auto it = raw.tensors.find(e.name);
        if (it == raw.tensors.end())
            throw std::runtime_error(raw.source + ": missing variable '" + e.name + "' (expected shape " + shapeText(e.shape) +
                                     " from the static_kwargs)");
        if (it->second.shape != e.shape)
            throw std::runtime_error(raw.source + ": variable '" + e.name + "' has wrong shape; expected " +
                                     shapeText(e.shape) + " from the static_kwargs, got " + shapeText(it->second.shape));
        torch::Tensor t = rawToFloatTensor(it->second, raw.source, e.name);
        if ((e.name == "lod" || e.name == "synthesis/lod") && t.item<float>() != 0.f)
            throw std::runtime_error(raw.source + ": variable '" + e.name + "' is " + std::to_string(t.item<float>()) +
                                     ": only fully grown networks (lod 0) can be rendered");
        out.emplace(e.name, std::move(t));
        hooks.report(static_cast<float>(++done) / static_cast<float>(expected.size()));
    }
    return out;
}

}  // namespace stylemix
