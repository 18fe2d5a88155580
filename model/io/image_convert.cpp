#include "model/io/image_convert.h"

#include "model/io/image_io.h"

#include <cstddef>

namespace stylemix {

Image asRgb(const Image& src) {
    if (src.channels == 3) return src;
    Image out = makeImage(src.width, src.height, 3);
    const std::size_t n = static_cast<std::size_t>(src.width) * static_cast<std::size_t>(src.height);
    for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c)
            out.pixels[i * 3 + static_cast<std::size_t>(c)] =
                src.pixels[i * static_cast<std::size_t>(src.channels) + (src.channels >= 3 ? c : 0)];
    return out;
}

}  // namespace stylemix
