#include "model/engine/lab_resume.h"

#include "model/engine/engine_cache.h"

namespace stylemix {

bool LabResume::sameBesidesMultipliers(const Run& a, const Run& b) {
    return a.noise.mode == b.noise.mode && a.noise.seed == b.noise.seed && a.transform == b.transform &&
           a.job_sizes == b.job_sizes && a.w.sizes() == b.w.sizes() && torch::equal(a.w, b.w);
}

bool LabResume::sameMultipliersBefore(const Generator& g, const NoiseSpec& a, const NoiseSpec& b, int layer) {
    for (int l = 0; l < layer && l < g.numLayers(); ++l) {
        const int n = g.layers()[static_cast<std::size_t>(l)].noise_index;
        if (n >= 0 && a.multiplier(n) != b.multiplier(n)) return false;
    }
    return true;
}

std::optional<int> LabResume::firstChangedLayer(const Generator& g, const Run& run) const {
    if (!last_ || !sameBesidesMultipliers(*last_, run)) return std::nullopt;
    for (int l = 0; l < g.numLayers(); ++l)
        if (!sameMultipliersBefore(g, last_->noise, run.noise, l + 1)) return l;
    return std::nullopt;
}

const std::vector<SynthesisState>* LabResume::statesFor(const Generator& g, const Run& run) const {
    if (!kept_run_ || stop_ < 0 || !sameBesidesMultipliers(*kept_run_, run)) return nullptr;
    return sameMultipliersBefore(g, kept_run_->noise, run.noise, stop_) ? &states_ : nullptr;
}

void LabResume::remember(const Generator& g, Run run, int stop, std::vector<SynthesisState> states) {
    if (!states.empty()) {
        states_ = std::move(states);
        stop_ = stop;
        kept_run_ = run;
        bytes_ = 0;
        for (const SynthesisState& s : states_) bytes_ += tensorBytes(s.x) + tensorBytes(s.img);
    } else if (!statesFor(g, run)) {
        clear();
    }
    last_ = std::move(run);
}

void LabResume::clear() {
    last_.reset();
    kept_run_.reset();
    states_.clear();
    stop_ = -1;
    bytes_ = 0;
}

}  // namespace stylemix
