// stylemix info: what a weights file contains (architecture, ws map, noise layers).
#include "app/cli_common.h"

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
        const GeneratorConfig& c = f.config;
        std::cout << f.path << "\n  sha256 " << f.sha256 << "\n  " << c.img_resolution << "x" << c.img_resolution << "x"
                  << c.img_channels << ", z_dim " << c.z_dim << ", w_dim " << c.w_dim << ", c_dim " << c.c_dim
                  << ", mapping layers " << c.mapping.num_layers << ", num_ws " << f.num_ws << "\n  device " << f.device
                  << ", precision " << f.precision << "\n\n  ws  res   layers\n";
        for (size_t i = 0; i < f.ws_info.size(); ++i) {
            std::cout << "  " << std::setw(2) << i << "  " << std::setw(4) << f.ws_info[i].resolution << "  ";
            for (const auto& l : f.ws_info[i].layers) std::cout << l << " ";
            std::cout << "\n";
        }
        std::cout << "\n  noise layer   res   learned strength\n";
        for (size_t i = 0; i < f.noise_layers.size(); ++i)
            std::cout << "  " << std::setw(2) << i << " " << std::setw(9) << f.noise_layers[i].name << "  " << std::setw(4)
                      << f.noise_layers[i].resolution << "   " << f.noise_strengths[i] << "\n";
        return 0;
    };
}

}  // namespace stylemix::cli
