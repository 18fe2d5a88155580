#include "model/safetensors.h"
#include "model/weights.h"

namespace stylemix {

RawWeights readWeightsFile(const std::string& path) {
    return readSafetensors(path);
}

}  // namespace stylemix
