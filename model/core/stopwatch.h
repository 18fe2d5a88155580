// Milliseconds since a steady-clock time point (timings in results and logs).
#pragma once

#include <chrono>

namespace stylemix {

using Clock = std::chrono::steady_clock;

inline double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace stylemix
