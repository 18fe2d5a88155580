// The generator families as a weights file sees them, without LibTorch: which
// family takes a file, the file in that family's own form, whether it is
// complete and sound, and what it describes. `stylemix info` and `convert`
// need only this; building a generator (family.h) adds LibTorch.
//
// model/io reads a file and records what it holds (container, class or build
// function, kwargs, tensors: RawWeights); every decision about what that is
// lives here, in the families. Adding a family = a folder model/nets/<family>/
// with
//   - <family>_file.{h,cpp}: a FamilyReader (claims, adopt, validate, describe),
//     listed in familyReaders() (family_reader.cpp), built in stylemix_net_configs;
//   - a Generator subclass and a GeneratorFamily (family.h), listed in
//     generatorFamilies() (families.cpp), built in stylemix_nets;
//   - when its files need translating (another container's names or layout), the
//     translation in its folder, called from its adopt (stylegan2_tf_import.cpp).
// Nothing in model/io changes unless the family brings a new container.
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
    // Whether this family takes a file, judged from what model/io found (container,
    // class name, kwargs, tensor names); cheap, never throws. Families' claims
    // must not overlap: familyReaderOf asks every family, in no particular order.
    std::function<bool(const RawWeights&)> claims;
    // A claimed file in this family's own form: the layout its .safetensors files
    // hold (container Safetensors, its class name, kwargs and tensor names), which
    // validate, describe, the builder and `stylemix convert` read. Moves the
    // tensors where their names stay; translates where they do not. Source, notes
    // and sha256 are kept. Throws naming the file and what it refuses.
    std::function<RawWeights(RawWeights)> adopt;
    // Every tensor against the architecture (names, shapes, dtypes, values), as
    // a load would check it; throws naming the file and tensor. Own form only.
    std::function<void(const RawWeights&, const ProgressHooks&)> validate;
    // The file's architecture, its learned noise strengths and the notes
    // reading it produced; throws naming the file and field. Own form only.
    std::function<ModelDescription(const RawWeights&)> describe;
};

// Every family's reader; the order carries no meaning.
const std::vector<FamilyReader>& familyReaders();

// The one family in `readers` that claims `raw`. Throws naming the file and what
// was found (container, class) when none does, and naming every claimant when
// several do.
const FamilyReader& familyReaderOf(const RawWeights& raw, const std::vector<FamilyReader>& readers);
const FamilyReader& familyReaderOf(const RawWeights& raw);   // over familyReaders()

// A file's family and the file in that family's own form.
struct AdoptedWeights {
    const FamilyReader* family = nullptr;
    RawWeights weights;
};
AdoptedWeights adoptWeights(RawWeights raw);

// What a file holds, for messages: "a PyTorch network pickle whose network has class 'Generator'".
std::string describeFound(const RawWeights& raw);

// Helpers for claims: the pickled class's last dotted part is `bare`
// ("training.networks.Generator" and "Generator" are both "Generator").
bool bareClassIs(const RawWeights& raw, const std::string& bare);
// Whether any tensor's name starts with `prefix` ("synthesis.input.").
bool hasTensorUnder(const RawWeights& raw, const std::string& prefix);

}  // namespace stylemix
