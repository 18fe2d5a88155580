#include "model/nets/stylegan3/stylegan3_family.h"

#include "model/nets/stylegan3/stylegan3_generator.h"
#include "model/nets/stylegan3/stylegan3_weights.h"

namespace stylemix {

GeneratorFamily styleGan3Family() {
    GeneratorFamily f;
    f.name = "stylegan3";
    f.build = [](const RawWeights& raw, torch::Device device, Precision precision, const ProgressHooks& hooks) {
        const Sg3Config config = sg3ConfigFromRaw(raw);
        auto tensors = validateSg3Weights(raw, config, hooks);
        hooks.check();
        return std::unique_ptr<Generator>(std::make_unique<StyleGan3Generator>(config, std::move(tensors), device, precision));
    };
    return f;
}

}  // namespace stylemix
