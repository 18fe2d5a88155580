#include "gui/views/motion/playback.h"

#include <algorithm>
#include <cmath>

namespace stylemix::gui {

int PlaybackClock::frameAt(double now, int available, int total, double fps, bool loop) {
    if (!started_) {
        since_ = now;
        started_ = true;
    }
    if (available <= 0) {
        frame_ = 0;
        since_ = now;
        return frame_;
    }
    if (frame_ >= available) frame_ = available - 1;   // fewer frames than before (a new request)
    if (!playing_ || fps <= 0) return frame_;
    const double period = 1.0 / fps;
    const long steps = static_cast<long>(std::floor((now - since_) / period));
    if (steps <= 0) return frame_;
    since_ += static_cast<double>(steps) * period;
    const long next = frame_ + steps;
    if (next < available) {
        frame_ = static_cast<int>(next);
    } else if (available < total) {   // wait on the last frame received for the next one
        frame_ = available - 1;
        since_ = now;
    } else if (loop) {
        frame_ = static_cast<int>(next % total);
    } else {
        frame_ = total - 1;
        playing_ = false;
    }
    return frame_;
}

void PlaybackClock::setPlaying(bool playing, double now, int total) {
    if (playing && !playing_ && total > 0 && frame_ >= total - 1) frame_ = 0;
    playing_ = playing;
    since_ = now;
    started_ = true;
}

void PlaybackClock::seek(int frame, double now) {
    frame_ = std::max(frame, 0);
    since_ = now;
    started_ = true;
}

std::optional<double> PlaybackClock::nextChange(double now, double fps) const {
    if (!playing_ || fps <= 0) return std::nullopt;
    return std::max(since_ + 1.0 / fps - now, 0.001);
}

PlaybackFrames::Upload PlaybackFrames::accept(const AnimationRequest& request, int received) {
    Upload up;
    if (!(request_ == request)) {
        request_ = request;
        count_ = 0;
        up.replaced = true;
    }
    up.first = count_;
    up.last = std::max(count_, received);
    count_ = up.last;
    return up;
}

void PlaybackFrames::clear() {
    request_.reset();
    count_ = 0;
}

}  // namespace stylemix::gui
