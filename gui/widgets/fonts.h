// Fonts and style at the monitor's content scale. UI thread only.
#pragma once

#include <string>

namespace stylemix::gui {

// The UI font if one is installed (DejaVu Sans from fonts-dejavu-core), else
// empty; $STYLEMIX_FONT overrides it.
std::string findUiFont();

// Rebuilds the font atlas at `scale` (ImGui's default font when no TTF is
// found) and resets the style scaled to match. The renderer's font texture
// must be recreated afterwards.
void setupFontsAndStyle(float scale);

}  // namespace stylemix::gui
