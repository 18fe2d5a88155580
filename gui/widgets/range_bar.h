// The crossover selector over ws indices: one segment per ws, grouped and
// labelled underneath. The selection is any set of ws indices:
//  - press an unselected segment and drag: select that contiguous run;
//  - grab the selected band's middle and drag: move the whole set;
//  - grab a contiguous band's outer end (the outer 30 % of its end segment): resize it;
//  - Shift+click: extend to the clicked segment; Ctrl+click: toggle one ws;
//  - while the bar has focus (it was clicked last): Left/Right move the set,
//    Shift+Left/Right shrink/grow it at its upper end.
// Tooltips sit above the bar, never over it or the controls below.
#pragma once

#include <string>
#include <vector>

namespace stylemix::gui {

// One step of the pure selection logic (tests drive it directly).
// Moves `styles` (sorted) by `delta` ws, clamped to [0, n); returns the moved set.
std::vector<int> shiftStyles(const std::vector<int>& styles, int delta, int n);
// Toggles ws `i`; the last selected ws stays (a crossover takes at least one).
std::vector<int> toggleStyle(const std::vector<int>& styles, int i);
// Grows (+1) or shrinks (-1) the set at its upper end, within [0, n), never below one ws.
std::vector<int> resizeStyles(const std::vector<int>& styles, int delta, int n);

// `labels` has one entry per ws (equal neighbours are drawn as one group).
// Edits `*styles` (sorted, unique); returns true on the frame it changes.
// `compact` leaves out the groups underneath.
bool RangeBar(const char* id, std::vector<int>* styles, const std::vector<std::string>& labels, bool compact = false);

}  // namespace stylemix::gui
