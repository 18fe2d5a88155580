// 8-bit images in memory and as PNG files (with tEXt metadata chunks).
// Note: stb keeps process-wide flip flags (stbi_flip_vertically_on_write /
// stbi_set_flip_vertically_on_load); this code assumes nobody turns them on.
#pragma once

#include "model/core/image.h"   // the Image type (a dependency-free leaf header)

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace stylemix {

using PngTextChunks = std::vector<std::pair<std::string, std::string>>;   // keyword, text

// A width x height image with every byte set to `fill`. Throws for negative
// sizes or channels outside 1..4.
Image makeImage(int width, int height, int channels, std::uint8_t fill = 0);

// Copies src into dst with src's top-left corner at (x, y) in dst; the parts
// that fall outside dst are clipped away. Throws if the channel counts differ
// or either image's pixel buffer does not match its size.
void pasteImage(Image& dst, const Image& src, int x, int y);

// PNG file bytes for `image`, with one uncompressed tEXt chunk per entry placed
// right after IHDR. Keywords must be 1-79 printable Latin-1 bytes without
// leading, trailing or double spaces; text must not contain NUL.
std::vector<std::uint8_t> encodePng(const Image& image, const PngTextChunks& text_chunks = {});

// encodePng + writeFileAtomic: the file is complete or absent.
void writePng(const std::string& path, const Image& image, const PngTextChunks& text_chunks = {});

// Decodes a PNG (any bit depth; 16-bit is reduced to 8) keeping its channel count.
Image readPng(const std::string& path);

// The tEXt entries of a PNG file, after checking the signature and every
// chunk's CRC. If a keyword repeats, the first entry wins.
std::map<std::string, std::string> readPngText(const std::string& path);

}  // namespace stylemix
