// Cooperative cancellation and progress reporting for long model work.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace stylemix {

// Thrown when a callback asks the work in progress to stop.
struct Cancelled : std::runtime_error {
    Cancelled() : std::runtime_error("cancelled") {}
};

struct ProgressHooks {
    std::function<bool()> cancelled;            // polled between steps; true = stop
    std::function<void(float)> progress;        // fraction done in [0, 1]

    void check() const {
        if (cancelled && cancelled()) throw Cancelled();
    }
    void report(float fraction) const {
        if (progress) progress(fraction);
    }
};

}  // namespace stylemix
