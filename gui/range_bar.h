// A crossover range selector over ws indices: one segment per ws, grouped and
// labelled by resolution underneath. Click a segment to select it, drag to
// select a contiguous run, Shift+click to extend. Drawn with ImDrawList.
#pragma once

#include <string>
#include <vector>

namespace stylemix::gui {

// `labels` has one entry per ws (equal neighbours are drawn as one group).
// Edits [*begin, *end); returns true on the frame the range changes.
// `compact` leaves out the resolution groups underneath.
bool RangeBar(const char* id, int* begin, int* end, const std::vector<std::string>& labels, bool compact = false);

}  // namespace stylemix::gui
