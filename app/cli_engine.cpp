// The CLI's helpers that need the engine (render side only: libstylemix_cli_render.so).
#include "app/cli_common.h"

#include "model/core/text_escape.h"
#include "model/io/w_file.h"

#include <iostream>

namespace stylemix::cli {

std::unique_ptr<Engine> ModelOptions::load() const {
    auto engine = Engine::load(model, parseDeviceChoice(device), parsePrecisionChoice(precision));
    const ModelFacts& f = engine->facts();
    if (precision != "fp32" && f.precision == "fp32")
        std::cerr << "stylemix: note: --precision " << precision << " runs on CUDA only; rendering in " << f.precision
                  << " on " << f.device << "\n";
    for (const auto& note : f.notes) std::cerr << "stylemix: note: " << escapeControlChars(note) << "\n";
    return engine;
}

Recipe recipeFor(const Engine& engine, RecipeKind kind) {
    const ModelFacts& f = engine.facts();
    Recipe r;
    r.kind = kind;
    r.model_family = f.family;
    r.model_path = f.path;
    r.model_sha256 = f.sha256;
    r.learned_strengths = f.noise_strengths;
    return r;
}

void saveWs(const std::string& path, Engine& engine, const std::vector<Source>& sources, const Truncation& truncation, bool as_grid) {
    const ModelFacts& f = engine.facts();
    std::vector<WArrayPtr> ws;
    for (const Source& s : sources) {
        LabSubject subject;
        subject.source = s;
        subject.truncation = truncation;
        std::vector<float> values = as_grid ? engine.gridTileWs(subject) : engine.sourceWs(s, truncation);
        ws.push_back(makeWArray(s.label(), f.num_ws, f.w_dim, std::move(values)));
    }
    writeWsNpz(path, ws);
    std::cout << "wrote " << path << " (" << ws.size() << " x [" << f.num_ws << ", " << f.w_dim << "] ws)\n";
}

}  // namespace stylemix::cli
