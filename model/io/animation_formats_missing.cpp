// A build without libwebp or giflib (pkg-config found neither libwebpmux nor libgif):
// every other command works; exporting an animation says what is missing.
#include "model/io/animation_formats.h"

#include <stdexcept>

namespace stylemix {
namespace {

[[noreturn]] void missing(const char* what) {
    throw std::runtime_error(std::string("this StyleMix was built without ") + what +
                             " (install libwebp-dev and libgif-dev, then rebuild)");
}

}  // namespace

std::unique_ptr<AnimationWriter> makeWebpWriter(const AnimationOutput&) { missing("animated WebP export"); }
std::unique_ptr<AnimationWriter> makeGifWriter(const AnimationOutput&) { missing("GIF export"); }

}  // namespace stylemix
