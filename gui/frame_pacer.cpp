#include "gui/frame_pacer.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>

namespace stylemix::gui {

void FramePacer::wait(bool busy, bool drawn) {
    if (headless_ && headless_fps_ > 0) {
        const auto period = std::chrono::duration<double>(1.0 / headless_fps_);
        const double wait_s = std::chrono::duration<double>(last_frame_start_ + period - Clock::now()).count();
        if (wait_s > 0) glfwWaitEventsTimeout(wait_s);
        else glfwPollEvents();
        last_frame_start_ = Clock::now();
    } else if (headless_ || busy_frames_ > 0) {
        if (drawn || headless_) glfwPollEvents();   // a drawn frame waited for vsync in its swap
        else glfwWaitEventsTimeout(1.0 / 60.0);     // an undrawn one did not: wait here
        busy_frames_ = std::max(busy_frames_ - 1, 0);
    } else {
        double timeout = busy ? 1.0 / 30.0 : 0.5;
        if (wake_at_) timeout = std::min(timeout, std::chrono::duration<double>(*wake_at_ - Clock::now()).count());
        if (timeout > 0) glfwWaitEventsTimeout(timeout);
        else glfwPollEvents();
    }
    wake_at_.reset();
}

void FramePacer::wakeWithin(double seconds) {
    const Clock::time_point at = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    if (!wake_at_ || at < *wake_at_) wake_at_ = at;
}

}  // namespace stylemix::gui
