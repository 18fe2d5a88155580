#include "model/nets/family_reader.h"

#include "model/io/message_text.h"

#include "model/nets/stylegan1/stylegan1_file.h"
#include "model/nets/stylegan2/stylegan2_file.h"
#include "model/nets/stylegan3/stylegan3_file.h"

#include <stdexcept>

namespace stylemix {
namespace {

std::string joinedNames(const std::vector<const FamilyReader*>& readers) {
    std::string out;
    for (std::size_t i = 0; i < readers.size(); ++i)
        out += (i == 0 ? "" : i + 1 == readers.size() ? " and " : ", ") + readers[i]->name;
    return out;
}

}  // namespace

const std::vector<FamilyReader>& familyReaders() {
    static const std::vector<FamilyReader> readers = {styleGan1Reader(), styleGan2Reader(), styleGan3Reader()};
    return readers;
}

std::string describeFound(const RawWeights& raw) {
    const std::string name = raw.class_name.empty() ? std::string("(none)") : quoteText(raw.class_name);
    switch (raw.container) {
        case Container::Safetensors: return "a safetensors file with class_name " + name;
        case Container::PyTorchPickle: return "a PyTorch network pickle whose network has class " + name;
        case Container::TfPickle: return "a TensorFlow-era pickle whose Gs is built by " + name;
    }
    return "a file with class " + name;
}

const FamilyReader& familyReaderOf(const RawWeights& raw, const std::vector<FamilyReader>& readers) {
    std::vector<const FamilyReader*> claimants;
    for (const auto& r : readers)
        if (r.claims(raw)) claimants.push_back(&r);
    if (claimants.size() == 1) return *claimants.front();
    if (claimants.empty()) {
        std::vector<const FamilyReader*> all;
        for (const auto& r : readers) all.push_back(&r);
        throw std::runtime_error(raw.source + ": " + describeFound(raw) + " is not a generator this program can render (no family takes it; families: " +
                                 joinedNames(all) + ")");
    }
    throw std::runtime_error(raw.source + ": " + describeFound(raw) + " is claimed by more than one family (" + joinedNames(claimants) +
                             "): their claims overlap, so the file is not read");
}

const FamilyReader& familyReaderOf(const RawWeights& raw) { return familyReaderOf(raw, familyReaders()); }

AdoptedWeights adoptWeights(RawWeights raw) {
    const FamilyReader& family = familyReaderOf(raw);
    return {&family, family.adopt(std::move(raw))};
}

bool bareClassIs(const RawWeights& raw, const std::string& bare) {
    const std::string& name = raw.class_name;
    const auto dot = name.rfind('.');
    return name.compare(dot == std::string::npos ? 0 : dot + 1, std::string::npos, bare) == 0;
}

bool hasTensorUnder(const RawWeights& raw, const std::string& prefix) {
    const auto it = raw.tensors.lower_bound(prefix);
    return it != raw.tensors.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace stylemix
