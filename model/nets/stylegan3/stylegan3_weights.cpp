#include "model/nets/stylegan3/stylegan3_weights.h"

#include "model/nets/raw_tensors.h"

namespace stylemix {

std::map<std::string, torch::Tensor> validateSg3Weights(const RawWeights& raw, const Sg3Config& config,
                                                        const ProgressHooks& hooks) {
    return loadExpectedTensors(raw, namedShapes(config.expectedTensors()), styleGan3Words(), hooks,
                               styleGan3ValueCheck(raw.source));
}

}  // namespace stylemix
