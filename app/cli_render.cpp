// stylemix render: re-render an exported figure from its JSON recipe.
#include "app/cli_commands.h"

#include "model/core/recipe_sources.h"
#include "model/core/text_escape.h"
#include "model/engine/recipe_render.h"

#include <filesystem>
#include <iostream>

namespace stylemix::cli {

int runRender(const RenderRecipeOptions& o) {
    checkOutputTarget(o.output);   // checked again: runCli's precheck ran before the library loaded
    const Recipe recipe = readRecipeFile(o.recipe);
    for (const std::string& note : wFileChanges(recipeSources(recipe))) std::cerr << "stylemix: note: " << escapeControlChars(note) << "\n";
    std::string model = o.model.empty() ? recipe.model_path : o.model;
    // A relative model path that does not exist from here is tried beside the recipe.
    if (!std::filesystem::exists(model) && std::filesystem::path(model).is_relative())
        model = (std::filesystem::path(o.recipe).parent_path() / model).string();
    auto engine = Engine::load(model, parseDeviceChoice(o.device));
    const Image image = renderRecipe(*engine, recipe, o.allow_other);
    writePng(o.output, image, {{kRecipeTextKey, recipeToJson(recipe)}});
    std::cout << "wrote " << o.output << " (" << image.width << "x" << image.height << ")\n";
    return 0;
}

}  // namespace stylemix::cli
