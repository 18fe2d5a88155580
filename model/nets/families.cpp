#include "model/nets/family.h"

#include "model/nets/stylegan1/stylegan1_family.h"
#include "model/nets/stylegan2/stylegan2_family.h"
#include "model/nets/stylegan3/sg3_family.h"

#include <stdexcept>

namespace stylemix {

const std::vector<GeneratorFamily>& generatorFamilies() {
    static const std::vector<GeneratorFamily> families = {styleGan1Family(), styleGan3Family(), styleGan2Family()};
    return families;
}

const GeneratorFamily& familyOf(const RawWeights& raw) {
    for (const auto& f : generatorFamilies())
        if (f.recognises(raw)) return f;
    throw std::runtime_error(raw.source + ": class '" + raw.class_name + "' is not a generator this program can render");
}

}  // namespace stylemix
