// The stylemix command line, shared by the torch-free front (stylemix) and
// the render library (libstylemix_cli_render.so), which parses the same
// arguments again with the real renderers.
#include "app/cli_commands.h"

#include "model/core/text_escape.h"

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
    c.push_back(command<ConvertOptions>(app, declareConvert(app), runConvert));
    c.push_back(command<RenderRecipeOptions>(app, declareRender(app), r.render));
    c.push_back(command<InfoOptions>(app, declareInfo(app), runInfo));
    return c;
}

// CLI11 would say "A subcommand is required" for a misspelt one; name it instead.
bool refuseUnknownSubcommand(int argc, char** argv, const std::vector<Command>& commands) {
    if (argc <= 1 || argv[1][0] == '-') return false;
    std::string names;
    for (const auto& c : commands) {
        if (c.app->get_name() == argv[1]) return false;
        names += (names.empty() ? "" : ", ") + c.app->get_name();
    }
    std::cerr << "stylemix: error: unknown subcommand '" << escapeControlChars(argv[1]) << "' (expected one of " << names
              << ")\n";
    return true;
}

}  // namespace

int runCli(int argc, char** argv, const RenderRunners& renderers) {
    CLI::App app{"StyleMix: style mixing and stochastic variation figures from StyleGAN generators (StyleGAN1, 2 and 3)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "stylemix 0.1.0");
    const std::vector<Command> commands = declareAll(app, renderers);
    if (refuseUnknownSubcommand(argc, argv, commands)) return 2;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (const auto& c : commands)
            if (c.app->parsed()) return c.run();
    } catch (const std::exception& e) {
        // Messages quote file contents (tensor names, pickle keys): never let their control characters through.
        std::cerr << "stylemix: error: " << escapeControlChars(e.what()) << "\n";
        return 1;
    }
    return 1;
}

}  // namespace stylemix::cli
