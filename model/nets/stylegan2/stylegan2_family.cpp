#include "model/nets/stylegan2/stylegan2_family.h"

#include "model/nets/stylegan2/stylegan2_generator.h"
#include "model/nets/stylegan2/stylegan2_weights.h"

namespace stylemix {

GeneratorFamily styleGan2Family() {
    GeneratorFamily f;
    f.name = "stylegan2";
    f.build = [](const RawWeights& raw, torch::Device device, Precision precision, const ProgressHooks& hooks) {
        const StyleGan2Config config = configFromRaw(raw);
        auto tensors = validateWeights(raw, config, hooks);
        hooks.check();
        return std::unique_ptr<Generator>(
            std::make_unique<StyleGan2Generator>(config, std::move(tensors), device, precision));
    };
    return f;
}

}  // namespace stylemix
