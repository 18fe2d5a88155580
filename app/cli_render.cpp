// stylemix render: re-render an exported figure from its JSON recipe.
#include "app/cli_common.h"

#include "model/engine/recipe_render.h"

#include <filesystem>
#include <iostream>

namespace stylemix::cli {

Runner addRenderCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("render", "Re-render an exported figure from its recipe (.json)");
    struct Options {
        std::string recipe, output, model, device = "cpu";
        bool allow_other = false;
    };
    auto o = std::make_shared<Options>();
    cmd->add_option("recipe", o->recipe, "Recipe JSON written beside an export")->required();
    cmd->add_option("-o,--output", o->output, "Output PNG")->required();
    cmd->add_option("--model", o->model, "Use this weights file instead of the recipe's path");
    cmd->add_option("--device", o->device, "auto | cpu | cuda")->capture_default_str()->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd->add_flag("--allow-other-model", o->allow_other, "Render even if the model's SHA-256 differs from the recipe's");
    return [o] {
        checkOutputTarget(o->output);   // a device, FIFO or socket is refused before any work
        const Recipe recipe = readRecipeFile(o->recipe);
        std::string model = o->model.empty() ? recipe.model_path : o->model;
        // A relative model path that does not exist from here is tried beside the recipe.
        if (!std::filesystem::exists(model) && std::filesystem::path(model).is_relative())
            model = (std::filesystem::path(o->recipe).parent_path() / model).string();
        auto engine = Engine::load(model, parseDeviceChoice(o->device));
        const Image image = renderRecipe(*engine, recipe, o->allow_other);
        writePng(o->output, image, {{kRecipeTextKey, recipeToJson(recipe)}});
        std::cout << "wrote " << o->output << " (" << image.width << "x" << image.height << ")\n";
        return 0;
    };
}

}  // namespace stylemix::cli
