// Keyboard shortcuts: R resamples noise, Ctrl+S exports, Ctrl+O opens a model,
// Ctrl+Z undoes, Ctrl+Shift+Z / Ctrl+Y redoes, F9 hides / shows the sidebar.
// R, Ctrl+Z and Ctrl+Y are ignored while a text field has the keyboard (the
// field has its own undo).
//
// Chords are read from the key events themselves: each press carries the
// modifier state that came with it, so Ctrl+S works when Ctrl and S arrive in
// the same instant, or when only the S press carries Ctrl (remote desktops and
// automation send chords both ways), whatever io.KeyCtrl says this frame.
#pragma once

#include "gui/key_queue.h"

#include <vector>

namespace stylemix::gui {

struct Shortcuts {
    bool resample_noise = false;
    bool export_figure = false;
    bool open_model = false;
    bool toggle_sidebar = false;   // F9
    bool undo = false;
    bool redo = false;
};

// The shortcuts in this frame's key events (KeyEventQueue::takeFrame);
// `typing`: a text field has the keyboard (ImGuiIO::WantTextInput).
Shortcuts readShortcuts(const std::vector<KeyEvent>& events, bool typing);

}  // namespace stylemix::gui
