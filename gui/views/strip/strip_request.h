// The interpolation strip's pure side (no GL, no drawing): its request from
// the panels' state and the grid's request, why z-space is off, its ends'
// labels, and what its frames become (sources, W files). Tested headless.
#pragma once

#include "gui/panels/export_panel.h"
#include "gui/views/strip/strip_state.h"
#include "model/core/render_types.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

// The grid source `end` names in `grid`, or null when that list is shorter now.
const Source* stripEndSource(const StripEnd& end, const MixRequest& grid);
// "A 85" / "B 12.25:0.5" / "A face.npy" (sourceLabel); "A 7 (gone)" past the list's end.
std::string stripEndLabel(const StripEnd& end, const MixRequest& grid);
// Every source of the grid as an end, rows then columns (the From / To combos).
std::vector<StripEnd> stripEndChoices(const MixRequest& grid);

// Why z-space cannot join these ends (empty: it can): z slerps between two
// latents, so each end must be a seed or a position on an integer point.
std::string stripZBlocked(const Source& from, const Source& to);
// The space the strip renders in: the state's, except W while z is blocked.
InterpolationSpace stripSpace(const StripState& state, const Source& from, const Source& to);

// The strip's job: `state`'s ends in `grid` with its steps (clamped to
// kMinSteps..kMaxSteps) and space (stripSpace), and the grid's truncation,
// noise and input transform. nullopt while closed or an end is gone.
std::optional<InterpolationRequest> buildInterpolationRequest(const StripState& state, const MixRequest& grid);

// Frame i's position, t = i / (steps - 1).
double stripFrameT(int frame, int steps);
// Frame `frame`'s ws as a source for the Sources panel, named short enough
// for a tile label: "85>55@0.25" (the ends' short texts, and t).
Source stripFrameSource(const InterpolationRequest& request, const InterpolationResult& result, int frame);
// Appends that source to the rows (A) or columns (B). Returns an error text
// (empty = done: the list's SPEC follows); on error nothing changes.
std::string addStripFrameSource(SourcesState& sources, SourceSide side, const InterpolationRequest& request,
                                const InterpolationResult& result, int frame);
// Writes frame `frame`'s ws to `path` as NVIDIA's projector does (writeWsNpz:
// [1, num_ws, w_dim]) in the background, as an export job of `state`.
void startStripFrameWsExport(ExportState& state, const std::string& path, const InterpolationRequest& request,
                             const InterpolationResult& result, int frame);

}  // namespace stylemix::gui
