// The generator families as the loader sees them: a file's family is decided
// by its torch-free reader (family_reader.h); this adds how each builds a
// Generator. Adding a family = a folder under model/nets/ with a <family>_file
// reader and a Generator subclass, one entry in family_reader.cpp and one in
// families.cpp.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/family_reader.h"
#include "model/nets/generator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stylemix {

struct GeneratorFamily {
    std::string name;   // as its FamilyReader's
    // Validates and builds on `device`.
    std::function<std::unique_ptr<Generator>(const RawWeights&, torch::Device, Precision, const ProgressHooks&)> build;
};

const std::vector<GeneratorFamily>& generatorFamilies();

// The family of a raw file (familyReaderOf); throws naming the file when none recognises it.
const GeneratorFamily& familyOf(const RawWeights& raw);

}  // namespace stylemix
