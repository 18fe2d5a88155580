// Drawing the interpolation strip under the grid: a bar that opens it, its
// controls (From / To among the grid's sources, steps, space z / w, Export)
// and its frames on one canvas, each with a right-click menu. Reports what the
// user chose as plain data (StripViewEvents); the tab applies it.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/strip/strip_request.h"

#include <functional>
#include <optional>
#include <string>

namespace stylemix::gui {

// A frame's right-click menu entries.
enum class FrameActionKind { UseAsRow, UseAsCol, SaveWs };
struct FrameAction {
    FrameActionKind kind = FrameActionKind::UseAsRow;
    int frame = 0;
};

// Sizes (ImGui units): the controls take one line when the area is wide
// enough, else two; the frames fit the width, in at most kFramesShare of the
// tab's height, each at least kMinTile.
struct StripLayout {
    static constexpr float kFramesShare = 0.3f, kMinTile = 12.f, kGap = 2.f;
    bool open = false;
    int controls_lines = 1;
    float tile = 0;       // a frame's side
    float height = 0;     // the whole strip: controls and frames
};
// `avail`: the tab's whole area; `line`: a control line's height; `one_line`:
// the width the controls need on one line.
StripLayout layoutStrip(ImVec2 avail, bool open, int steps, float line, float one_line);

struct StripViewInput {
    const ModelFacts* facts = nullptr;
    const MixRequest* grid = nullptr;              // the grid's request now (its sources, truncation, noise)
    int frames = 0;                                // frames on screen (uploaded)
    bool complete = false;                         // those frames are a complete strip (their menus work)
    bool rendering = false;                        // the strip's job is in flight
    std::string error;                             // the last job's error, while its request is asked
    std::string export_blocked;                    // why Export is off (empty: on)
    std::function<float(int)> dim;                 // how much to dim frame i (stale), null = none
};

struct StripViewEvents {
    std::optional<FrameAction> frame_action;   // chosen in a frame's menu
    bool export_clicked = false;
};

// What the drawing keeps between frames.
struct StripViewState {
    int menu_frame = 0;   // the frame whose right-click menu is open
    ImVec2 z_min, z_max;  // where the z choice was drawn last (screen; headless tests point at it)
};

// Draws into the current window (the strip's child under the grid).
StripViewEvents drawStripView(StripState& state, StripViewState& view, const StripViewInput& in, CanvasFrame& canvases);
// The width the controls need on one line at the current font.
float stripOneLineWidth();

}  // namespace stylemix::gui
