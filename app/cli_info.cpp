// stylemix info: what a weights file contains (architecture, ws map, noise
// layers). Torch-free: the file is read and checked as a load would check it,
// but nothing is built.
#include "app/cli_commands.h"

#include "model/core/text_escape.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"

#include <iomanip>
#include <iostream>

namespace stylemix::cli {
namespace {

void printLayerMaps(const ModelDescription& d) {
    const auto esc = [](const std::string& text) { return escapeControlChars(text); };
    std::cout << "\n  ws  res   layers\n";
    for (size_t i = 0; i < d.ws_info.size(); ++i) {
        std::cout << "  " << std::setw(2) << i << "  " << std::setw(4) << d.ws_info[i].resolution << "  ";
        for (const auto& l : d.ws_info[i].layers) std::cout << esc(l) << " ";
        std::cout << "\n";
    }
    std::cout << "\n  noise layer   res   learned strength\n";
    for (size_t i = 0; i < d.noise_layers.size(); ++i)
        std::cout << "  " << std::setw(2) << i << " " << std::setw(9) << esc(d.noise_layers[i].name) << "  " << std::setw(4)
                  << d.noise_layers[i].resolution << "   " << d.noise_strengths.at(i) << "\n";
}

}  // namespace

int runInfo(const InfoOptions& o) {
    const AdoptedWeights adopted = adoptWeights(readWeightsFile(o.model.model));
    const FamilyReader& family = *adopted.family;
    const RawWeights& raw = adopted.weights;
    family.validate(raw, {});   // info describes only what would load
    const ModelDescription d = family.describe(raw);
    for (const auto& note : d.notes) std::cerr << "stylemix: note: " << escapeControlChars(note) << "\n";
    // Names come from the file: shown with their control characters escaped.
    const auto esc = [](const std::string& text) { return escapeControlChars(text); };
    std::cout << esc(o.model.model) << "\n  " << esc(d.family_label) << ", sha256 " << raw.sha256 << "\n  "
              << d.img_resolution << "x" << d.img_resolution << "x" << d.img_channels << ", z_dim " << d.z_dim
              << ", w_dim " << d.w_dim << ", c_dim " << d.c_dim << ", num_ws " << d.num_ws << "\n";
    for (const auto& [key, value] : d.details) std::cout << "  " << esc(key) << ": " << esc(value) << "\n";
    std::cout << "  device " << o.model.device << ", precision " << o.model.precision << " (chosen when rendering)\n";
    printLayerMaps(d);
    return 0;
}

}  // namespace stylemix::cli
