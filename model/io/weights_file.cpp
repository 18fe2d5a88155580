#include "model/io/weights_file.h"

#include "model/io/network_pickle.h"
#include "model/io/safetensors.h"
#include "model/io/tf_pickle.h"

namespace stylemix {

RawWeights readWeightsFile(const std::string& path) {
    if (looksLikeTfPickleFile(path)) return readTfPickle(path);
    if (looksLikePickle(path)) return readNetworkPickle(path);
    return readSafetensors(path);
}

}  // namespace stylemix
