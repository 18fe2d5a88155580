// Drawing the Motion tab: the animation's kind and settings, the frame on
// screen (a click plays or pauses it), the transport (play / pause, loop, a
// frame scrubber), the render's progress with Stop, and Export (a dialog, then
// the export's progress with Cancel). Reports what the user chose as plain
// data (MotionViewEvents); the tab applies it. Settings edit MotionState directly.
#pragma once

#include "gui/views/canvas.h"
#include "gui/views/motion/motion_request.h"

#include <optional>
#include <string>

namespace stylemix::gui {

struct MotionViewInput {
    const ModelFacts* facts = nullptr;
    const MixRequest* grid = nullptr;   // the grid's request now (its sources)
    std::string description;            // what the settings animate (describeMotion)
    std::string blocked;                // why there is no animation (empty: there is one)
    std::string z_blocked;              // why the walk cannot run in z (empty: it can)
    int max_frames = MotionState::kMaxFrames;
    int held = 0;                       // frames on screen (uploaded), of...
    int total = 0;                      // ...the animation they belong to
    int shown = 0;                      // the frame on screen now
    bool playing = false;
    bool stale = false;                 // the frames held belong to other settings (dimmed)
    bool rendering = false;             // the settings' frames are being rendered
    bool stopped = false;               // the user stopped that render (Render resumes it)
    std::string error;                  // the render failed (its request is not asked again)
    // Export.
    bool exporting = false;
    int export_done = 0, export_total = 0;
    std::string export_name;            // the file being written
    std::string export_blocked;         // why Export is off (empty: on)
};

struct MotionViewEvents {
    bool toggle_play = false;
    std::optional<int> seek;            // the scrubber: show this frame
    bool stop_render = false, resume_render = false;
    std::optional<std::string> export_to;   // the dialog's Export: write this file
    bool cancel_export = false;
};

// What the drawing keeps between frames (the export dialog's fields).
struct MotionViewState {
    bool open_export = false;   // open the dialog this frame
    std::string export_path;    // its file field
};

// The canvas' side: as large as `avail` (ImGui units, below the controls)
// allows with the transport's `lines` lines of height `line` under it.
float motionCanvasSide(ImVec2 avail, float line, int lines);
// The transport's lines at `width`: 2, or 3 when its second line wraps.
int motionTransportLines(const MotionViewInput& in, float width);

MotionViewEvents drawMotionView(MotionState& state, MotionViewState& view, const MotionViewInput& in,
                                CanvasFrame& canvases);

}  // namespace stylemix::gui
