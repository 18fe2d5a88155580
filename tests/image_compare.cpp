#include "tests/image_compare.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

namespace stylemix::testing {
namespace {

std::string shapeOf(const Image& im) {
    return std::to_string(im.width) + "x" + std::to_string(im.height) + "x" + std::to_string(im.channels);
}

}  // namespace

std::string ImageDiff::describe() const {
    std::ostringstream s;
    if (!same_shape) {
        s << "shape differs: " << shape_text;
        return s.str();
    }
    s << values << " values, " << off_by_one << " off by one, " << off_more << " off by more, max diff " << max_diff
      << ", " << 100.0 * exactFraction() << " % identical";
    return s.str();
}

ImageDiff& ImageDiff::operator+=(const ImageDiff& o) {
    same_shape = images == 0 ? o.same_shape : (same_shape && o.same_shape);
    images += o.images;
    if (!o.same_shape) shape_text = o.shape_text;
    values += o.values;
    off_by_one += o.off_by_one;
    off_more += o.off_more;
    max_diff = std::max(max_diff, o.max_diff);
    return *this;
}

ImageDiff compareImages(const Image& actual, const Image& expected) {
    ImageDiff d;
    d.images = 1;
    d.shape_text = shapeOf(actual) + " vs " + shapeOf(expected);
    d.same_shape = actual.width == expected.width && actual.height == expected.height &&
                   actual.channels == expected.channels && actual.pixels.size() == expected.pixels.size() &&
                   actual.pixels.size() ==
                       static_cast<size_t>(actual.width) * static_cast<size_t>(actual.height) * actual.channels;
    if (!d.same_shape) return d;
    d.values = static_cast<std::int64_t>(actual.pixels.size());
    for (size_t i = 0; i < actual.pixels.size(); ++i) {
        const int diff = std::abs(static_cast<int>(actual.pixels[i]) - static_cast<int>(expected.pixels[i]));
        if (diff == 1) ++d.off_by_one;
        else if (diff > 1) ++d.off_more;
        d.max_diff = std::max(d.max_diff, diff);
    }
    return d;
}

::testing::AssertionResult imagesClose(const Image& actual, const Image& expected, double min_exact, int max_level,
                                       ImageDiff* out) {
    const ImageDiff d = compareImages(actual, expected);
    if (out) *out += d;
    if (!d.same_shape) return ::testing::AssertionFailure() << d.describe();
    if (d.max_diff > max_level)
        return ::testing::AssertionFailure() << "a value is off by " << d.max_diff << " levels (allowed " << max_level
                                             << "): " << d.describe();
    if (d.exactFraction() < min_exact)
        return ::testing::AssertionFailure() << "only " << 100.0 * d.exactFraction() << " % identical (need "
                                             << 100.0 * min_exact << " %): " << d.describe();
    return ::testing::AssertionSuccess() << d.describe();
}

::testing::AssertionResult matchesPng(const Image& actual, const std::string& png_path, double min_exact,
                                      int max_level, ImageDiff* out) {
    Image expected;
    try {
        expected = readPng(png_path);
    } catch (const std::exception& e) {
        return ::testing::AssertionFailure() << "cannot read " << png_path << ": " << e.what();
    }
    ::testing::AssertionResult r = imagesClose(actual, expected, min_exact, max_level, out);
    if (!r) return ::testing::AssertionFailure() << png_path << ": " << r.message();
    return r;
}

::testing::AssertionResult imagesClose(const ImagePtr& actual, const Image& expected, double min_exact, int max_level,
                                       ImageDiff* out) {
    if (!actual) return ::testing::AssertionFailure() << "the tile is missing (null)";
    return imagesClose(*actual, expected, min_exact, max_level, out);
}

::testing::AssertionResult imagesClose(const ImagePtr& actual, const ImagePtr& expected, double min_exact, int max_level,
                                       ImageDiff* out) {
    if (!expected) return ::testing::AssertionFailure() << "the expected tile is missing (null)";
    return imagesClose(actual, *expected, min_exact, max_level, out);
}

::testing::AssertionResult matchesPng(const ImagePtr& actual, const std::string& png_path, double min_exact,
                                      int max_level, ImageDiff* out) {
    if (!actual) return ::testing::AssertionFailure() << "the tile is missing (null)";
    return matchesPng(*actual, png_path, min_exact, max_level, out);
}

std::vector<std::uint8_t> readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace stylemix::testing
