#include "model/nets/load_generator.h"

#include "model/io/weights_file.h"
#include "model/nets/family.h"

namespace stylemix {

std::unique_ptr<Generator> loadGenerator(const std::string& path, torch::Device device, Precision precision,
                                         const ProgressHooks& hooks) {
    hooks.check();
    AdoptedWeights adopted = adoptWeights(readWeightsFile(path));
    hooks.check();
    return familyNamed(adopted.family->name).build(adopted.weights, device, precision, hooks);
}

std::unique_ptr<Generator> loadGenerator(const RawWeights& raw, torch::Device device, Precision precision,
                                         const ProgressHooks& hooks) {
    hooks.check();
    const FamilyReader& reader = familyReaderOf(raw);
    const GeneratorFamily& family = familyNamed(reader.name);
    // A safetensors file is in its family's own form already; a pickle is adopted from a copy.
    if (raw.container == Container::Safetensors) return family.build(raw, device, precision, hooks);
    const RawWeights own = reader.adopt(raw);
    hooks.check();
    return family.build(own, device, precision, hooks);
}

}  // namespace stylemix
