// stylemix info: what a weights file contains (architecture, ws map, noise layers).
#include "app/cli_common.h"

#include "model/core/text_escape.h"

#include <iomanip>
#include <iostream>

namespace stylemix::cli {

Runner addInfoCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("info", "Describe a model: resolution, ws-to-layer map, noise layers");
    auto o = std::make_shared<ModelOptions>();
    o->add(*cmd);
    return [o] {
        auto engine = o->load();
        const ModelFacts& f = engine->facts();
        // Names come from the file: shown with their control characters escaped.
        const auto esc = [](const std::string& text) { return escapeControlChars(text); };
        std::cout << esc(f.path) << "\n  " << esc(f.family_label) << ", sha256 " << f.sha256 << "\n  " << f.img_resolution << "x"
                  << f.img_resolution << "x" << f.img_channels << ", z_dim " << f.z_dim << ", w_dim " << f.w_dim
                  << ", c_dim " << f.c_dim << ", num_ws " << f.num_ws << "\n";
        for (const auto& [key, value] : f.details) std::cout << "  " << esc(key) << ": " << esc(value) << "\n";
        std::cout << "  device " << f.device << ", precision " << f.precision << "\n\n  ws  res   layers\n";
        for (size_t i = 0; i < f.ws_info.size(); ++i) {
            std::cout << "  " << std::setw(2) << i << "  " << std::setw(4) << f.ws_info[i].resolution << "  ";
            for (const auto& l : f.ws_info[i].layers) std::cout << esc(l) << " ";
            std::cout << "\n";
        }
        std::cout << "\n  noise layer   res   learned strength\n";
        for (size_t i = 0; i < f.noise_layers.size(); ++i)
            std::cout << "  " << std::setw(2) << i << " " << std::setw(9) << esc(f.noise_layers[i].name) << "  " << std::setw(4)
                      << f.noise_layers[i].resolution << "   " << f.noise_strengths[i] << "\n";
        return 0;
    };
}

}  // namespace stylemix::cli
