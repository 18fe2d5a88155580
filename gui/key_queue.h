// Key events queued between GLFW and ImGui, so a tap shorter than a frame is
// never lost. ImGui 1.86 reads key state (io.KeysDown) once per frame, so a
// press and its release inside one frame used to cancel out (R, Ctrl+S did
// nothing). The app installs its own GLFW key callback, which queues; each
// frame, before ImGui::NewFrame, takeFrame() hands over the events for that
// frame, at most one transition per key, and the rest wait for the next frame
// (in order). UI thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace stylemix::gui {

struct KeyEvent {
    int key = 0;        // GLFW key code
    int scancode = 0;
    int action = 0;     // GLFW_PRESS / GLFW_RELEASE / GLFW_REPEAT
    int mods = 0;
};

class KeyEventQueue {
public:
    void push(const KeyEvent& event) { pending_.push_back(event); }
    // This frame's events, in order: stops before the second event touching a
    // key already seen this frame (repeats never count as a transition).
    std::vector<KeyEvent> takeFrame();
    bool empty() const { return pending_.empty(); }
    std::size_t size() const { return pending_.size(); }

private:
    std::deque<KeyEvent> pending_;
};

}  // namespace stylemix::gui
