// Keyboard shortcuts: R resamples noise, Ctrl+S exports, Ctrl+O opens a model,
// F9 hides / shows the sidebar.
// R is ignored while a text field has the keyboard.
#pragma once

namespace stylemix::gui {

struct Shortcuts {
    bool resample_noise = false;
    bool export_figure = false;
    bool open_model = false;
    bool toggle_sidebar = false;   // F9
};

// Reads the current ImGui frame's key presses (call between NewFrame and Render).
Shortcuts readShortcuts();

}  // namespace stylemix::gui
