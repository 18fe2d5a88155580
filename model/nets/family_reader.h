// The generator families as a weights file sees them, without LibTorch: which
// family a file belongs to, whether it is complete and sound, and what it
// describes. `stylemix info` and `convert` need only this; building a
// generator (family.h) adds LibTorch. Adding a family = a folder under
// model/nets/ with a <family>_file reader and a Generator subclass, plus one
// entry here (family_reader.cpp) and one in families.cpp.
#pragma once

#include "model/core/cancel.h"
#include "model/core/model_description.h"
#include "model/io/raw_weights.h"

#include <functional>
#include <string>
#include <vector>

namespace stylemix {

struct FamilyReader {
    std::string name;   // "stylegan2"
    // Whether a raw file belongs to this family (by class name or layout); cheap, never throws.
    std::function<bool(const RawWeights&)> recognises;
    // Every tensor against the architecture (names, shapes, dtypes, values), as
    // a load would check it; throws naming the file and tensor.
    std::function<void(const RawWeights&, const ProgressHooks&)> validate;
    // The file's architecture, its learned noise strengths and the notes
    // reading it produced; throws naming the file and field.
    std::function<ModelDescription(const RawWeights&)> describe;
};

// In the order they are tried; the first that recognises a file wins.
const std::vector<FamilyReader>& familyReaders();

// The reader of a raw file's family; throws naming the file when none recognises it.
const FamilyReader& familyReaderOf(const RawWeights& raw);

}  // namespace stylemix
