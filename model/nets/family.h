// The generator families the program knows, as the loader sees them. Adding a
// family = a folder under model/nets/ with a Generator subclass, plus one
// entry in generatorFamilies() (families.cpp).
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"
#include "model/nets/generator.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace stylemix {

struct GeneratorFamily {
    std::string name;   // "stylegan2"
    // Whether a raw file belongs to this family (by class name or layout); cheap, never throws.
    std::function<bool(const RawWeights&)> recognises;
    // Validates every tensor against the architecture; throws naming the file and tensor.
    std::function<void(const RawWeights&)> validate;
    // What the file's architecture is (from its kwargs; tensors unchecked): for `convert`.
    std::function<ModelDescription(const RawWeights&)> describe;
    // Validates and builds on `device`.
    std::function<std::unique_ptr<Generator>(const RawWeights&, torch::Device, Precision, const ProgressHooks&)> build;
};

// In the order they are tried; the first that recognises a file wins.
const std::vector<GeneratorFamily>& generatorFamilies();

// The family of a raw file; throws naming the file when none recognises it.
const GeneratorFamily& familyOf(const RawWeights& raw);

}  // namespace stylemix
