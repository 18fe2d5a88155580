// The generator families as the loader sees them: which family takes a file,
// and the file in its own form, is decided by the torch-free readers
// (family_reader.h, where "adding a family" is spelled out); this adds how
// each builds a Generator: one GeneratorFamily per family, listed in
// generatorFamilies() (families.cpp) under its reader's name.
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
    // Validates and builds on `device`, from the file in the family's own form (FamilyReader::adopt).
    std::function<std::unique_ptr<Generator>(const RawWeights&, torch::Device, Precision, const ProgressHooks&)> build;
};

const std::vector<GeneratorFamily>& generatorFamilies();

// The builder of the family named `name` (a FamilyReader's name).
const GeneratorFamily& familyNamed(const std::string& name);

}  // namespace stylemix
