// An 8-bit image in memory, the one pixel type every layer passes around
// (engine results, figures, PNG files, GL textures). Header-only and free of
// any dependency, so model/io's PNG reader may include it too.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace stylemix {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;                   // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    std::vector<std::uint8_t> pixels;   // row-major, channels interleaved

    bool operator==(const Image& other) const {
        return width == other.width && height == other.height && channels == other.channels &&
               pixels == other.pixels;
    }
    bool operator!=(const Image& other) const { return !(*this == other); }
};

// A finished image shared, never copied, from the engine's cache to whoever
// shows or writes it: immutable once published. Null = not rendered (or not
// part of this publish, see MixResult).
using ImagePtr = std::shared_ptr<const Image>;

inline ImagePtr shareImage(Image image) { return std::make_shared<const Image>(std::move(image)); }

}  // namespace stylemix
