#include "model/core/strip_figure.h"

#include <cstring>
#include <stdexcept>

namespace stylemix {

FigureSize stripSize(int frames, int resolution, int channels) {
    FigureSize size;
    size.width = static_cast<std::int64_t>(frames) * resolution;
    size.height = resolution;
    size.channels = channels;
    return size;
}

Image composeStrip(const std::vector<Image>& frames) {
    if (frames.empty()) throw std::invalid_argument("interpolation strip: no frames");
    const Image& first = frames.front();
    for (const Image& f : frames)
        if (f.width != first.width || f.height != first.height || f.channels != first.channels)
            throw std::invalid_argument("interpolation strip: frames differ in size");
    Image strip;
    strip.width = first.width * static_cast<int>(frames.size());
    strip.height = first.height;
    strip.channels = first.channels;
    strip.pixels.resize(static_cast<std::size_t>(strip.width) * strip.height * strip.channels);
    const std::size_t row = static_cast<std::size_t>(first.width) * first.channels;
    for (std::size_t i = 0; i < frames.size(); ++i)
        for (int y = 0; y < first.height; ++y)
            std::memcpy(strip.pixels.data() + (static_cast<std::size_t>(y) * strip.width + i * first.width) * strip.channels,
                        frames[i].pixels.data() + static_cast<std::size_t>(y) * row, row);
    return strip;
}

}  // namespace stylemix
