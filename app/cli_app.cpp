// The stylemix command line, shared by the torch-free front (stylemix) and
// the render library (libstylemix_cli_render.so), which parses the same
// arguments again with the real renderers.
#include "app/cli_commands.h"
#include "app/cli_animate.h"
#include "app/cli_influence.h"
#include "app/cli_layers.h"

#include "model/core/text_escape.h"
#include "model/io/strict_json.h"

#include <iostream>
#include <string>
#include <vector>

namespace stylemix::cli {
namespace {

// A subcommand and how to run it once parsed.
struct Command {
    CLI::App* app;
    std::function<int()> run;
};

template <class Options>
Command command(CLI::App& app, std::shared_ptr<Options> options, const std::function<int(const Options&)>& run) {
    return {app.get_subcommands({}).back(), [options, run] { return run(*options); }};
}

std::vector<Command> declareAll(CLI::App& app, const RenderRunners& r) {
    std::vector<Command> c;
    c.push_back(command<GenerateOptions>(app, declareGenerate(app), r.generate));
    c.push_back(command<MixOptions>(app, declareMix(app), r.mix));
    c.push_back(command<NoiseOptions>(app, declareNoise(app), r.noise));
    c.push_back(command<InterpolateOptions>(app, declareInterpolate(app), r.interpolate));
    c.push_back(command<InfluenceOptions>(app, declareInfluence(app), r.influence));
    c.push_back(command<LayersOptions>(app, declareLayers(app), r.layers));
    c.push_back(command<AnimateOptions>(app, declareAnimate(app), r.animate));
    c.push_back(command<ConvertOptions>(app, declareConvert(app), runConvert));
    const auto render = r.render;
    c.push_back(command<RenderRecipeOptions>(app, declareRender(app), [render](const RenderRecipeOptions& o) {
        precheckRenderRecipe(o);
        return render(o);
    }));
    c.push_back(command<InfoOptions>(app, declareInfo(app), runInfo));
    return c;
}

// The one way an error reaches the user: one line, escaped, bounded.
void printError(const std::string& message) { std::cerr << "stylemix: error: " << boundedMessage(message) << "\n"; }

// CLI11 would say "A subcommand is required" for a misspelt one; name it instead.
bool refuseUnknownSubcommand(int argc, char** argv, const std::vector<Command>& commands) {
    if (argc <= 1 || argv[1][0] == '-') return false;
    std::string names;
    for (const auto& c : commands) {
        if (c.app->get_name() == argv[1]) return false;
        names += (names.empty() ? "" : ", ") + c.app->get_name();
    }
    printError("unknown subcommand " + quoteText(argv[1]) + " (expected one of " + names + ")");
    return true;
}

// CLI11's message for a usage error, made one line: the arguments it quotes
// are clipped (a 3 MB value stays a short quote), and a hint names the help.
std::string usageMessage(const CLI::ParseError& e, int argc, char** argv, const std::vector<Command>& commands) {
    std::string text = e.what();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.size() <= kQuotedBytes + 20) continue;
        for (std::size_t at = text.find(arg); at != std::string::npos; at = text.find(arg, at + 1))
            text.replace(at, arg.size(), clipText(arg));
    }
    std::string help = "stylemix --help";
    for (const auto& c : commands)
        if (argc > 1 && c.app->get_name() == argv[1]) help = "stylemix " + c.app->get_name() + " --help";
    return text + " (see '" + help + "')";
}

}  // namespace

int runCli(int argc, char** argv, const RenderRunners& renderers) {
    CLI::App app{"StyleMix: style mixing and stochastic variation figures from StyleGAN generators (StyleGAN1, 2 and 3)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "stylemix 0.1.0");
    const std::vector<Command> commands = declareAll(app, renderers);
    if (refuseUnknownSubcommand(argc, argv, commands)) return kExitUsage;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);   // --help, --version: printed as CLI11 formats them
        printError(usageMessage(e, argc, argv, commands));
        return kExitUsage;
    }
    try {
        for (const auto& c : commands)
            if (c.app->parsed()) return c.run();
    } catch (const nlohmann::json::exception& e) {
        // Every JSON read is checked field by field; should one slip through, say what it is, not the library's tag.
        printError("unexpected JSON content: " + jsonErrorText(e));
        return kExitError;
    } catch (const std::exception& e) {
        // Messages quote file contents (tensor names, pickle keys): never let their control characters through.
        printError(e.what());
        return kExitError;
    }
    return kExitError;
}

}  // namespace stylemix::cli
