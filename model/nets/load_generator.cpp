#include "model/nets/load_generator.h"

#include "model/io/weights_file.h"
#include "model/nets/family.h"

namespace stylemix {

std::unique_ptr<Generator> loadGenerator(const std::string& path, torch::Device device, Precision precision,
                                         const ProgressHooks& hooks) {
    hooks.check();
    const RawWeights raw = readWeightsFile(path);
    return loadGenerator(raw, device, precision, hooks);
}

std::unique_ptr<Generator> loadGenerator(const RawWeights& raw, torch::Device device, Precision precision,
                                         const ProgressHooks& hooks) {
    hooks.check();
    return familyOf(raw).build(raw, device, precision, hooks);
}

}  // namespace stylemix
