#include "gui/shortcuts.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>   // key codes and modifier bits

namespace stylemix::gui {

Shortcuts readShortcuts(const std::vector<KeyEvent>& events, bool typing) {
    Shortcuts s;
    for (const KeyEvent& e : events) {
        if (e.action != GLFW_PRESS) continue;   // a held key does not repeat a shortcut
        const bool ctrl = (e.mods & GLFW_MOD_CONTROL) != 0 && (e.mods & GLFW_MOD_ALT) == 0;
        const bool shift = (e.mods & GLFW_MOD_SHIFT) != 0;
        const bool plain = (e.mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) == 0;
        switch (e.key) {
            case GLFW_KEY_S: s.export_figure |= ctrl; break;
            case GLFW_KEY_O: s.open_model |= ctrl; break;
            case GLFW_KEY_F9: s.toggle_sidebar = true; break;
            case GLFW_KEY_R: s.resample_noise |= plain && !typing; break;
            case GLFW_KEY_Z:
                s.undo |= ctrl && !shift && !typing;
                s.redo |= ctrl && shift && !typing;
                break;
            case GLFW_KEY_Y: s.redo |= ctrl && !typing; break;
            default: break;
        }
    }
    return s;
}

}  // namespace stylemix::gui
