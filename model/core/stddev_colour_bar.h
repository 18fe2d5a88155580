// The std-dev colour bar of the exported figures (lab_figures.cpp): a vertical
// ramp of the std-dev colour map (0 at the bottom) with ticks and level labels
// on its right, its top at 255 / gain levels. Shared by the noise-lab figures
// and the noise-by-layer strip. Torch-free.
#pragma once

#include "model/io/image_io.h"

namespace stylemix {

// The bar's narrowest width for a bar `height` pixels tall. `text_scale`: pixels per
// font unit of its labels (0: from the height, as the lab figures have them).
int stddevColourBarMinWidth(float gain, int height, int text_scale = 0);
// Draws the bar in (x, y, width, height); the ramp takes what the labels leave.
void drawStdDevColourBar(Image& canvas, int x, int y, int width, int height, float gain, int text_scale = 0);

}  // namespace stylemix
