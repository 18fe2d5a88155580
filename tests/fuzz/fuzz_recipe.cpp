// libFuzzer target for StyleMix recipes (what `stylemix render` and the
// explorer's restore read): the bounded JSON parser, every field's checks, and
// the checks against a model before rendering. Refusals are std::exceptions; a
// crash, sanitizer report, hang or unbounded allocation is a finding. What
// parses must write back to JSON that parses to the same recipe.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string>

#include "model/core/recipe.h"
#include "model/core/recipe_check.h"

namespace {

// The bundled model's facts: 64², 10 ws, 9 noise layers, unconditional StyleGAN2, and a
// few of its activations (what a layer recipe names: issue 24).
stylemix::ModelFacts facts() {
    stylemix::ModelFacts f;
    f.family = "stylegan2";
    f.family_label = "StyleGAN2";
    f.img_resolution = 64;
    f.img_channels = 3;
    f.num_ws = 10;
    int resolution = 4;
    for (int i = 0; i < 9; ++i) {
        f.noise_layers.push_back({"b" + std::to_string(resolution) + ".conv" + std::to_string(i == 0 ? 1 : (i + 1) % 2), resolution});
        if (i % 2 == 0) resolution *= 2;
    }
    f.activations = {{"b4.conv1", 512, 4, 4, 1}, {"b8.conv0", 512, 8, 8, 3}, {"b4:1", 3, 4, 4, 2}, {"output", 3, 64, 64, 24}};
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace stylemix;
    static const ModelFacts model = facts();
    try {
        const Recipe r = recipeFromJson(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        const Recipe again = recipeFromJson(recipeToJson(r), "again.json");
        if (recipeToJson(again) != recipeToJson(r)) std::abort();
        checkRecipeForModel(r, model);
    } catch (const std::exception&) {
    }
    return 0;
}
