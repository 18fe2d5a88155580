// Test helpers: animations decoded back with the libraries' own decoders
// (libwebp's WebPAnimDecoder, giflib's DGifSlurp), as a viewer would show them.
#pragma once

#include "model/core/image.h"

#include <string>
#include <vector>

namespace stylemix::test {

struct DecodedAnimation {
    std::vector<Image> frames;          // RGB, full canvas each
    std::vector<int> end_ms;            // WebP: when each frame ends (its timestamp + duration), in ms
    std::vector<int> delays_cs;         // GIF: each frame's delay, in hundredths
    int loop_count = -1;                // 0 = forever
    std::string comment;                // GIF: the first comment extension
};

// The WebP frame shown at `ms` (the encoder merges a frame equal to the one before into it,
// so frames are found by time, not by count). Throws past the end.
const Image& webpFrameAt(const DecodedAnimation& webp, int ms);

// Throws std::runtime_error when the file does not decode.
DecodedAnimation decodeWebp(const std::string& path);
DecodedAnimation decodeGif(const std::string& path);

}  // namespace stylemix::test
