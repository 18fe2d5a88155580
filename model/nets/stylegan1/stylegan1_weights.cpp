#include "model/nets/stylegan1/stylegan1_weights.h"

#include "model/nets/raw_tensors.h"

namespace stylemix {

std::map<std::string, torch::Tensor> validateStyleGan1Weights(const RawWeights& raw, const StyleGan1Config& config,
                                                              const ProgressHooks& hooks) {
    return loadExpectedTensors(raw, namedShapes(config.expectedVariables()), styleGan1Words(config), hooks,
                               styleGan1ValueCheck(raw.source));
}

}  // namespace stylemix
