#include "model/core/animation_frames.h"

#include <algorithm>

namespace stylemix {

int mirrorFrame(int frame, int frames) { return std::min(frame, frames - frame); }

double loopPosition(int frame, int frames) {
    if (frames <= 1) return 0;
    // From integers, so that frame f and frame n - f get exactly the same value.
    return 2.0 * static_cast<double>(mirrorFrame(frame, frames)) / static_cast<double>(frames);
}

double sweepCrossover(double t, int count) { return t * count; }

double sweepWeight(double crossover, int k) { return std::clamp(crossover - k, 0.0, 1.0); }

}  // namespace stylemix
