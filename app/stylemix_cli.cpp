// stylemix: the headless CLI. Renders the same figures as the explorer, with
// flags like NVIDIA's gen_images.py and style_mixing.py.
#include "app/cli_common.h"

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"StyleMix: style mixing and stochastic variation figures from StyleGAN2 generators"};
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
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    try {
        for (const auto& [cmd, run] : commands)
            if (cmd->parsed()) return run();
    } catch (const std::exception& e) {
        std::cerr << "stylemix: error: " << e.what() << "\n";
        return 1;
    }
    return 1;
}
