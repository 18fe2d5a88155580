// The Motion view's playback, as plain logic (no GL, no ImGui): which frame
// shows at a time, at an fps, over the frames received so far, and which
// received frames its texture cache still has to upload. Times are seconds on
// any monotonic clock (the view passes ImGui's). Tested headless.
#pragma once

#include "model/core/animation_spec.h"

#include <optional>

namespace stylemix::gui {

class PlaybackClock {
public:
    // The frame on screen at `now`, with `available` of `total` frames
    // received. Playing, it advances one frame per 1/fps; past the last
    // received frame it waits there while more are coming, wraps to 0 when all
    // are in and `loop`, and otherwise stops on the last one.
    int frameAt(double now, int available, int total, double fps, bool loop);
    int frame() const { return frame_; }
    bool playing() const { return playing_; }
    // Play (from the start if it stopped on the last frame) or pause.
    void setPlaying(bool playing, double now, int total);
    // The scrubber: show `frame` from `now` on (playing or not).
    void seek(int frame, double now);
    // Seconds from `now` until the frame on screen changes by itself; nullopt
    // while paused (nothing needs a redraw).
    std::optional<double> nextChange(double now, double fps) const;

private:
    bool playing_ = true;
    int frame_ = 0;
    double since_ = 0;   // when frame_ came on screen
    bool started_ = false;
};

// Which frames of which playback request the textures hold: frames [0, count)
// of request(). A result for another request replaces them (its frames from 0).
class PlaybackFrames {
public:
    struct Upload {
        int first = 0, last = 0;   // upload frames [first, last)
        bool replaced = false;     // the frames held before belong to another request: drop those >= last
    };
    Upload accept(const AnimationRequest& request, int received);
    int count() const { return count_; }
    const std::optional<AnimationRequest>& request() const { return request_; }
    void clear();

private:
    std::optional<AnimationRequest> request_;
    int count_ = 0;
};

}  // namespace stylemix::gui
