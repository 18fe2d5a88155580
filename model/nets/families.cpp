#include "model/nets/family.h"

#include "model/nets/stylegan1/stylegan1_family.h"
#include "model/nets/stylegan2/stylegan2_family.h"
#include "model/nets/stylegan3/stylegan3_family.h"

#include <stdexcept>

namespace stylemix {

const std::vector<GeneratorFamily>& generatorFamilies() {
    static const std::vector<GeneratorFamily> families = {styleGan1Family(), styleGan2Family(), styleGan3Family()};
    return families;
}

const GeneratorFamily& familyNamed(const std::string& name) {
    for (const auto& f : generatorFamilies())
        if (f.name == name) return f;
    throw std::logic_error("family '" + name + "' has a reader but no builder (model/nets/families.cpp)");
}

}  // namespace stylemix
