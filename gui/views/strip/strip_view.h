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

// The controls come in three groups, each on the line before while it fits:
// the bar (arrow and title), the ends (From / To, their combos between
// kMinComboEm and kComboEm wide) and the settings (steps, space, Export).
struct StripControlWidths {
    float header = 0, ends = 0, settings = 0;   // ends: with the combos at their narrowest
    float spacing = 0;                          // between groups
};
StripControlWidths stripControlWidths();   // at the current ImGui font
struct StripControlFlow {
    bool ends_below = false, settings_below = false;   // starts a new line
    int lines = 1;
};
StripControlFlow flowStripControls(float width, const StripControlWidths& w);

// The frames in reading order, `columns` to a row, as large as `area` allows
// (fewer rows on a tie; every row full but the last), each at least kMinTile.
struct StripFrameGrid {
    int columns = 1, rows = 1;
    float tile = 0;   // a frame's side (ImGui units)
    ImVec2 size() const;
};
StripFrameGrid fitStripFrames(ImVec2 area, int frames);

// Sizes (ImGui units): the controls' lines, then the frames, which fit the
// width in at most kFramesShare of the tab's height.
struct StripLayout {
    static constexpr float kFramesShare = 0.3f, kMinTile = 12.f, kGap = 2.f;
    bool open = false;
    int controls_lines = 1;
    StripFrameGrid frames;
    float height = 0;     // the whole strip: controls and frames
};
// `avail`: the tab's whole area; `line`: a control line's height. Closed: one line.
StripLayout layoutStrip(ImVec2 avail, bool open, int steps, float line, int controls_lines);

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

}  // namespace stylemix::gui
