// Image conversions the figures and the animation writers share. Torch-free.
#pragma once

#include "model/core/image.h"

namespace stylemix {

// RGB as it is; grey as three equal channels; RGBA with its alpha dropped.
Image asRgb(const Image& image);

}  // namespace stylemix
