#include "model/core/animation_check.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace stylemix {
namespace {

using Problem = std::optional<AnimationSpecProblem>;

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// A z-space end: a seed, or a position on an integer point (Engine::interpolate's rule).
bool hasSingleZ(const Source& s) {
    if (s.kind == Source::Kind::Seed) return true;
    if (s.kind != Source::Kind::Position) return false;
    const std::vector<WeightedSeed> seeds = positionSeeds(s.x, s.y);
    return seeds.size() == 1 && seeds[0].weight == 1.0;
}

Problem timingProblem(const AnimationSpec& a) {
    if (a.frames < 1 || a.frames > kMaxAnimationFrames)
        return AnimationSpecProblem{"frames", "= " + std::to_string(a.frames) + " is out of range (expected 1.." +
                                                  std::to_string(kMaxAnimationFrames) + ")"};
    if (!(a.fps >= kMinAnimationFps && a.fps <= kMaxAnimationFps))
        return AnimationSpecProblem{"fps", "= " + number(a.fps) + " is out of range (expected " + number(kMinAnimationFps) + " to " +
                                               number(kMaxAnimationFps) + " frames per second)"};
    return std::nullopt;
}

Problem kindProblem(const AnimationSpec& a, const ModelDescription& m) {
    switch (a.kind) {
        case AnimationKind::NoiseCycle:
            if (!m.hasNoise())
                return AnimationSpecProblem{"kind", "= 'noise' cycles noise realisations, but this model (" + m.family_label +
                                                        ") has no noise inputs"};
            return std::nullopt;
        case AnimationKind::CrossoverSweep:
            if (!a.subject.mix_with)
                return AnimationSpecProblem{"subject.mix_with", "is missing: a sweep takes B's styles (subject.mix_with) into A"};
            return std::nullopt;
        case AnimationKind::LatentWalk:
            if (a.subject.mix_with)
                return AnimationSpecProblem{"subject.mix_with", "must be absent: a walk goes from subject.source to walk_to"};
            if (a.space == InterpolationSpace::Z && !hasSingleZ(a.subject.source))
                return AnimationSpecProblem{"subject.source", "(" + a.subject.source.label() +
                                                                  ") has no single latent z; walk in w, or start from a seed"};
            if (a.space == InterpolationSpace::Z && !hasSingleZ(a.walk_to))
                return AnimationSpecProblem{"walk_to", "(" + a.walk_to.label() + ") has no single latent z; walk in w, or end at a seed"};
            return std::nullopt;
    }
    return std::nullopt;
}

Problem modelProblem(const AnimationSpec& a, const ModelDescription& m) {
    for (std::size_t i = 0; i < a.subject.styles.size(); ++i)
        if (a.subject.styles[i] < 0 || a.subject.styles[i] >= m.num_ws)
            return AnimationSpecProblem{"subject.styles[" + std::to_string(i) + "]",
                                        "= " + std::to_string(a.subject.styles[i]) + " is not a ws of this model (0.." +
                                            std::to_string(m.num_ws - 1) + ")"};
    const std::vector<float>& strengths = a.noise.multipliers;
    if (!strengths.empty() && strengths.size() != m.noise_layers.size())
        return AnimationSpecProblem{"noise.strengths", "lists " + std::to_string(strengths.size()) + " values, the model has " +
                                                           std::to_string(m.noise_layers.size()) + " noise layers"};
    for (std::size_t i = 0; i < strengths.size(); ++i)
        if (!(strengths[i] >= 0 && strengths[i] <= 1000))
            return AnimationSpecProblem{"noise.strengths[" + std::to_string(i) + "]", "must be a number in [0, 1000]"};
    if (a.subject.transform && !m.has_input_transform)
        return AnimationSpecProblem{"subject.input_transform",
                                    "moves the input, but this model (" + m.family_label + ") has no input transform"};
    return std::nullopt;
}

}  // namespace

std::optional<AnimationSpecProblem> animationSpecProblem(const AnimationSpec& spec, const ModelDescription& model) {
    if (Problem p = timingProblem(spec)) return p;
    if (Problem p = kindProblem(spec, model)) return p;
    return modelProblem(spec, model);
}

void checkAnimationSpec(const AnimationSpec& spec, const ModelDescription& model) {
    if (const Problem p = animationSpecProblem(spec, model)) throw std::invalid_argument("animation: " + p->field + " " + p->what);
}

}  // namespace stylemix
