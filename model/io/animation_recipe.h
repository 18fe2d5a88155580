// The recipe inside an animation StyleMix wrote (animation_writer.h): a WebP's
// private chunk, a GIF's comment extension. Read from an open file, walking
// chunk or block headers only, so a large animation is never read whole and an
// oversized entry is refused by its length. No libwebp or giflib needed. Torch-free.
#pragma once

#include "model/io/checked_file.h"

#include <cstddef>
#include <optional>
#include <string>

namespace stylemix {

// Does `file` start like a WebP (RIFF....WEBP) or a GIF (GIF87a / GIF89a, even one cut short)?
bool startsWithAnimationSignature(CheckedFile& file);

// The recipe text of a WebP or GIF; nullopt when the file is neither. Throws
// std::runtime_error naming the file when it holds no recipe, is damaged or
// cut short, or its recipe is longer than `max_text_bytes`.
// The WebP must hold exactly one recipe chunk within its RIFF size, the GIF exactly one
// comment before its first image; chunks and blocks past the file's end are refused by
// their lengths.
std::optional<std::string> readAnimationRecipe(CheckedFile& file, std::size_t max_text_bytes);

// For a file that is neither a WebP, a GIF (startsWithAnimationSignature) nor a PNG: throws,
// naming the file, when its name ends in .webp or .gif ("is not a WebP ...: the file is
// empty"), rather than reading it as JSON and reporting a JSON syntax error.
void refuseMisnamedAnimation(CheckedFile& file);

}  // namespace stylemix
