// When the grid's stale tiles dim. A tile the request in flight will change
// dims once the grid has been waiting for kGraceSeconds since the first of
// the requests in flight went out, not since the latest: during a continuous
// drag (a new request every frame) stale tiles dim too. The grace keeps
// renders faster than it from flashing.
#pragma once

#include <chrono>
#include <optional>

namespace stylemix::gui {

class StaleDimming {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr double kGraceSeconds = 0.1;
    static constexpr float kDim = 0.55f;   // how much a stale tile darkens

    // A grid request went out; `replacing_one_in_flight`: the previous one had
    // not finished (the wait goes on from when that one went out).
    void submitted(bool replacing_one_in_flight, Clock::time_point now) {
        if (!replacing_one_in_flight || !waiting_since_) waiting_since_ = now;
    }
    // The dim for a tile the request in flight will change.
    float dim(Clock::time_point now) const {
        if (!waiting_since_) return 0.f;
        return std::chrono::duration<double>(now - *waiting_since_).count() > kGraceSeconds ? kDim : 0.f;
    }

private:
    std::optional<Clock::time_point> waiting_since_;
};

}  // namespace stylemix::gui
