#include "gui/key_queue.h"

#include <algorithm>

namespace stylemix::gui {

std::vector<KeyEvent> KeyEventQueue::takeFrame() {
    constexpr int kRepeat = 2;   // GLFW_REPEAT (the value is part of GLFW's ABI)
    std::vector<KeyEvent> out;
    std::vector<int> touched;
    while (!pending_.empty()) {
        const KeyEvent& e = pending_.front();
        if (e.action != kRepeat) {
            if (std::find(touched.begin(), touched.end(), e.key) != touched.end()) break;
            touched.push_back(e.key);
        }
        out.push_back(e);
        pending_.pop_front();
    }
    return out;
}

}  // namespace stylemix::gui
