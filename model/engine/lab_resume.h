// The noise lab's resume across requests: while a knob turns, each request
// differs from the last only in the multipliers of noise layers consumed from
// some synthesis layer L on. The lab keeps every realisation's state before L
// (per job, as it ran), so the next request with the same subject, noise seed,
// transform and K, and changes only at layers >= L, resumes all K from L.
// L follows the user: it is the first layer the last change touched.
#pragma once

#include "model/core/noise_spec.h"
#include "model/core/input_transform.h"
#include "model/nets/generator.h"

#include <torch/torch.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace stylemix {

class LabResume {
public:
    // What a lab run is, apart from its multipliers.
    struct Run {
        torch::Tensor w;              // the subject's ws [1, num_ws, w_dim]
        NoiseSpec noise;              // mode random, seed and multipliers
        OptionalTransform transform;
        std::vector<int> job_sizes;
    };

    // The first synthesis layer whose noise multiplier differs between `run`
    // and the previous one (same subject, seed, transform and jobs); nullopt
    // when there is no comparable previous run or nothing differs.
    std::optional<int> firstChangedLayer(const Generator& g, const Run& run) const;
    // Each job's state before `layer` (nullptr when not kept for this run).
    const std::vector<SynthesisState>* statesFor(const Generator& g, const Run& run) const;
    // Remembers `run` as the previous one; keeps `states` (one per job, before
    // layer `stop`) when given, else keeps the old ones if still valid for `run`.
    void remember(const Generator& g, Run run, int stop, std::vector<SynthesisState> states);
    void clear();
    std::size_t bytes() const { return bytes_; }
    int stop() const { return stop_; }

private:
    static bool sameBesidesMultipliers(const Run& a, const Run& b);
    // Whether a and b feed layers [0, layer) the same noise multipliers.
    static bool sameMultipliersBefore(const Generator& g, const NoiseSpec& a, const NoiseSpec& b, int layer);

    std::optional<Run> last_;
    std::optional<Run> kept_run_;   // the run the states were made by
    int stop_ = -1;
    std::vector<SynthesisState> states_;
    std::size_t bytes_ = 0;
};

}  // namespace stylemix
