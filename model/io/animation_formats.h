// The formats behind openAnimationWriter (animation_writer.h): one file each,
// webp_animation.cpp (libwebp) and gif_animation.cpp (giflib); without those
// libraries at build time, animation_formats_missing.cpp says so instead.
#pragma once

#include "model/io/animation_writer.h"

#include <memory>

namespace stylemix {

// The private WebP chunk holding the recipe (a RIFF fourcc; readers skip chunks they do not know).
constexpr const char* kWebpRecipeChunk = "SMRC";

std::unique_ptr<AnimationWriter> makeWebpWriter(const AnimationOutput& out);
std::unique_ptr<AnimationWriter> makeGifWriter(const AnimationOutput& out);

}  // namespace stylemix
