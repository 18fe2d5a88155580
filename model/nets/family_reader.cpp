#include "model/nets/family_reader.h"

#include "model/io/message_text.h"

#include "model/nets/stylegan1/stylegan1_file.h"
#include "model/nets/stylegan2/stylegan2_file.h"
#include "model/nets/stylegan3/stylegan3_file.h"

#include <stdexcept>

namespace stylemix {

const std::vector<FamilyReader>& familyReaders() {
    // StyleGAN2 last: it takes any file without a class name, and explains what it refuses.
    static const std::vector<FamilyReader> readers = {styleGan1Reader(), styleGan3Reader(), styleGan2Reader()};
    return readers;
}

const FamilyReader& familyReaderOf(const RawWeights& raw) {
    for (const auto& r : familyReaders())
        if (r.recognises(raw)) return r;
    throw std::runtime_error(raw.source + ": class " + quoteText(raw.class_name) + " is not a generator this program can render");
}

}  // namespace stylemix
