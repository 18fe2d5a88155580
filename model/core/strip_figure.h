// The interpolation strip: frames side by side, left to right (torch-free).
#pragma once

#include "model/core/figures.h"

#include <vector>

namespace stylemix {

// The strip of `frames` images of resolution x resolution (frames · resolution wide).
FigureSize stripSize(int frames, int resolution, int channels);
// Frames left to right, pixels untouched. Throws std::invalid_argument for no
// frames or frames of different sizes.
Image composeStrip(const std::vector<Image>& frames);

}  // namespace stylemix
