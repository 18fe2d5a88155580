#include "model/nets/stylegan1/stylegan1_family.h"

#include "model/nets/stylegan1/stylegan1_generator.h"
#include "model/nets/stylegan1/stylegan1_weights.h"

namespace stylemix {

GeneratorFamily styleGan1Family() {
    GeneratorFamily f;
    f.name = "stylegan1";
    f.build = [](const RawWeights& raw, torch::Device device, Precision, const ProgressHooks& hooks) {
        const StyleGan1Config config = styleGan1ConfigFromRaw(raw);
        const auto variables = validateStyleGan1Weights(raw, config, hooks);
        hooks.check();
        return std::unique_ptr<Generator>(std::make_unique<StyleGan1Generator>(config, variables, device));
    };
    return f;
}

}  // namespace stylemix
