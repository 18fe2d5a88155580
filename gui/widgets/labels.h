// Short texts the panels share: resolutions as "8²", ws sets, band names.
#pragma once

#include "model/core/render_types.h"

#include <string>
#include <vector>

namespace stylemix::gui {

// "8²" (UTF-8 superscript two).
std::string resolutionLabel(int resolution);

// The label of each ws index for the crossover bar: the family's own
// ws_info[i].label, else its resolution ("4²"), else the index.
std::vector<std::string> wsLabels(const ModelFacts* facts, int num_ws);

// "ws 0-3 (4²-8²)" for [begin, end); "none" when empty.
std::string wsRangeText(const ModelFacts* facts, int begin, int end);

// Any set of ws indices (sorted): the range text when contiguous, else its
// runs, "ws 0-2,5,7"; "none" when empty.
std::string stylesText(const ModelFacts* facts, const std::vector<int>& styles);

// The shortest decimal text that reads back as exactly `v` ("12.25", "0.5", "-3").
std::string shortNumber(double v);

// A source in a few characters: "85" (a seed), "12.25:0.5" (a latent
// position, x:y), "face.npy" or "face.npz[2]" (a W array: its file's name,
// and which of the file's ws when it holds several; a W array made in memory: its name).
std::string sourceShortText(const Source& source);

// A grid source's label: "A 85", "A 12.25:0.5", "A face.npy", or "A 85 · c2"
// when it has a class (requests carry a class only for conditional models). `side` is "A" or "B".
std::string sourceLabel(const char* side, const Source& source);

// `text` when it fits `max_width` at the current ImGui font, else its longest
// prefix (whole UTF-8 characters) followed by "\u2026" that does; "" when not
// even the ellipsis fits. The result is never wider than `max_width`. Callers
// show the full text in a tooltip when the result differs.
std::string fitText(const std::string& text, float max_width);

// A grid column's label for a tile `width` wide: sourceLabel("B", ...) when it
// fits, else without the "B " prefix ("639 · c2"), else that elided by fitText.
std::string columnLabel(const Source& source, float width);

// The ws indices of [begin, end).
std::vector<int> rangeStyles(WsRange range);

// The family's coarse / middle / fine presets (ModelDescription), plus All.
enum class Band { Coarse, Middle, Fine, All, Custom };
const char* bandName(Band band);
WsRange bandRange(Band band, const ModelDescription& model);    // Custom -> empty range
Band bandOf(const std::vector<int>& styles, const ModelDescription& model);   // Custom when it matches none

}  // namespace stylemix::gui
