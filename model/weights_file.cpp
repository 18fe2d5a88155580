#include "model/network_pickle.h"
#include "model/safetensors.h"
#include "model/weights.h"

namespace stylemix {

RawWeights readWeightsFile(const std::string& path) {
    if (looksLikePickle(path)) return readNetworkPickle(path);
    return readSafetensors(path);
}

}  // namespace stylemix
