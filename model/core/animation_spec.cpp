#include "model/core/animation_spec.h"

#include "model/io/message_text.h"

#include <stdexcept>

namespace stylemix {

const char* animationKindName(AnimationKind kind) {
    switch (kind) {
        case AnimationKind::NoiseCycle: return "noise";
        case AnimationKind::CrossoverSweep: return "sweep";
        case AnimationKind::LatentWalk: return "walk";
    }
    return "?";
}

AnimationKind parseAnimationKind(const std::string& text) {
    for (AnimationKind k : {AnimationKind::NoiseCycle, AnimationKind::CrossoverSweep, AnimationKind::LatentWalk})
        if (text == animationKindName(k)) return k;
    throw std::invalid_argument("animation kind " + quoteText(text) + ": expected noise, sweep or walk");
}

bool AnimationSpec::operator==(const AnimationSpec& o) const {
    return kind == o.kind && subject == o.subject && walk_to == o.walk_to && space == o.space && noise == o.noise &&
           frames == o.frames && fps == o.fps;
}

}  // namespace stylemix
