// Motion (docs/explorer.md, "Motion"): the paper's video as a spec both the
// explorer's playback and `stylemix animate` render, frame by frame. Torch-free.
#pragma once

#include "model/core/image.h"
#include "model/core/render_types.h"

#include <memory>
#include <vector>

namespace stylemix {

enum class AnimationKind {
    NoiseCycle,      // one subject, frame f at noise realisation f (identity fixed, hair and texture moving)
    CrossoverSweep,  // A's ws with B's taken over a crossover point that sweeps across the ws
    LatentWalk,      // from subject.source to walk_to (InterpolationSpace)
};
const char* animationKindName(AnimationKind kind);          // "noise", "sweep", "walk"
AnimationKind parseAnimationKind(const std::string& text);   // throws naming the accepted values

struct AnimationSpec {
    AnimationKind kind = AnimationKind::NoiseCycle;
    LabSubject subject;            // NoiseCycle: the face; CrossoverSweep: A = source, B = mix_with
    Source walk_to;                // LatentWalk's end
    InterpolationSpace space = InterpolationSpace::W;
    NoiseSpec noise;               // NoiseCycle: Random (its seed; frame f = realisation f); else as given
    int frames = 60;
    double fps = 15;
    bool operator==(const AnimationSpec& o) const;
    bool operator!=(const AnimationSpec& o) const { return !(*this == o); }
};

// The explorer's playback: the spec's frames, in order; a partial result holds the frames done so far.
struct AnimationRequest {
    AnimationSpec spec;
    bool operator==(const AnimationRequest& o) const { return spec == o.spec; }
};
struct AnimationResult {
    std::vector<ImagePtr> frames;   // frames [0, frames.size()) of spec.frames
    int total = 0;
};

}  // namespace stylemix
