// Comparison of 8-bit images against each other and against reference PNGs,
// with the tolerance NVIDIA's reference README calls for: a faithful float32
// port lands within one uint8 level, almost always exactly. Torch-free.
#pragma once

#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace stylemix::testing {

struct ImageDiff {
    int images = 0;                 // comparisons accumulated here
    bool same_shape = false;        // every one of them had matching shapes
    std::string shape_text;         // "64x64x3 vs 64x64x3"
    std::int64_t values = 0;        // uint8 values compared
    std::int64_t off_by_one = 0;    // values that differ by exactly one level
    std::int64_t off_more = 0;      // values that differ by more than one level
    int max_diff = 0;               // largest |a - b| in levels

    double exactFraction() const {
        return values == 0 ? 0.0 : static_cast<double>(values - off_by_one - off_more) / static_cast<double>(values);
    }
    std::string describe() const;
    ImageDiff& operator+=(const ImageDiff& o);
};

ImageDiff compareImages(const Image& actual, const Image& expected);

// Passes when the shapes agree, no value is off by more than `max_level` and at
// least `min_exact` of all values are identical.
::testing::AssertionResult imagesClose(const Image& actual, const Image& expected, double min_exact = 0.999,
                                       int max_level = 1, ImageDiff* out = nullptr);

// Same against a PNG file (reading it must succeed).
::testing::AssertionResult matchesPng(const Image& actual, const std::string& png_path, double min_exact = 0.999,
                                      int max_level = 1, ImageDiff* out = nullptr);

// The same for a shared tile (engine results); a null tile fails.
::testing::AssertionResult imagesClose(const ImagePtr& actual, const Image& expected, double min_exact = 0.999,
                                       int max_level = 1, ImageDiff* out = nullptr);
::testing::AssertionResult imagesClose(const ImagePtr& actual, const ImagePtr& expected, double min_exact = 0.999,
                                       int max_level = 1, ImageDiff* out = nullptr);
::testing::AssertionResult matchesPng(const ImagePtr& actual, const std::string& png_path, double min_exact = 0.999,
                                      int max_level = 1, ImageDiff* out = nullptr);

std::vector<std::uint8_t> readFileBytes(const std::string& path);

}  // namespace stylemix::testing
