// Short texts the panels share: resolutions as "8²", ws ranges, band names.
#pragma once

#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix::gui {

// "8²" (UTF-8 superscript two).
std::string resolutionLabel(int resolution);

// The resolution label of each ws index ("4²", "4²", "8²", ...), from the
// facts' ws_info; plain indices when facts are missing.
std::vector<std::string> wsLabels(const ModelFacts* facts, int num_ws);

// "ws 0-3 (4²-8²)" for [begin, end); "none" when empty.
std::string wsRangeText(const ModelFacts* facts, int begin, int end);

// wsRangeText for a list of ws indices: the range when contiguous, else
// "ws 0,2,5"; "none" when empty.
std::string stylesText(const ModelFacts* facts, const std::vector<int>& styles);

// The paper's bands over ws indices.
enum class Band { Coarse, Middle, Fine, All, Custom };
const char* bandName(Band band);
WsRange bandRange(Band band, int num_ws);   // Custom -> empty range
Band bandOf(int begin, int end, int num_ws);  // Custom when it matches no band

}  // namespace stylemix::gui
