// stylemix: the headless CLI. Renders the same figures as the explorer, with
// flags like NVIDIA's gen_images.py and style_mixing.py.
#include "app/cli_common.h"

#include "model/core/text_escape.h"

#include <csignal>
#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
    // A file size limit (ulimit -f) then fails the write with EFBIG, which is
    // reported and cleaned up, instead of killing the process mid-set.
    std::signal(SIGXFSZ, SIG_IGN);
    CLI::App app{"StyleMix: style mixing and stochastic variation figures from StyleGAN generators (StyleGAN1, 2 and 3)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "stylemix 0.1.0");
    using namespace stylemix::cli;
    const std::vector<std::pair<CLI::App*, Runner>> commands = [&] {
        std::vector<std::pair<CLI::App*, Runner>> c;
        auto add = [&](Runner r) { c.emplace_back(app.get_subcommands({}).back(), std::move(r)); };
        add(addGenerateCommand(app));
        add(addMixCommand(app));
        add(addNoiseCommand(app));
        add(addConvertCommand(app));
        add(addRenderCommand(app));
        add(addInfoCommand(app));
        return c;
    }();
    // CLI11 would say "A subcommand is required" for a misspelt one; name it instead.
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const auto& [cmd, run] : commands) {
            names += (names.empty() ? "" : ", ") + cmd->get_name();
            known = known || cmd->get_name() == argv[1];
        }
        if (!known) {
            std::cerr << "stylemix: error: unknown subcommand '" << stylemix::escapeControlChars(argv[1])
                      << "' (expected one of " << names << ")\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (const auto& [cmd, run] : commands)
            if (cmd->parsed()) return run();
    } catch (const std::exception& e) {
        // Messages quote file contents (tensor names, pickle keys): never let their control characters through.
        std::cerr << "stylemix: error: " << stylemix::escapeControlChars(e.what()) << "\n";
        return 1;
    }
    return 1;
}
