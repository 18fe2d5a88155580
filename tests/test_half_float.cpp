// F16 / BF16 <-> float: fixed bit patterns, exhaustive round trips, and
// (where the compiler has _Float16) a cross-check against its conversion.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "model/io/half_float.h"

namespace stylemix {
namespace {

std::uint32_t bitsOf(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

float floatFromBits(std::uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

TEST(HalfFloat, HalfToFloatKnownPatterns) {
    struct Case { std::uint16_t half; std::uint32_t float_bits; };
    const Case cases[] = {
        {0x0000, 0x00000000},   // +0
        {0x8000, 0x80000000},   // -0
        {0x3C00, 0x3F800000},   // 1
        {0xC000, 0xC0000000},   // -2
        {0x3555, 0x3EAAA000},   // 0.333251953125
        {0x7BFF, 0x477FE000},   // 65504, largest finite
        {0x0400, 0x38800000},   // 2^-14, smallest normal
        {0x03FF, 0x387FC000},   // largest subnormal
        {0x0001, 0x33800000},   // 2^-24, smallest subnormal
        {0x8001, 0xB3800000},   // -2^-24
        {0x0200, 0x38000000},   // 2^-15
        {0x7C00, 0x7F800000},   // +inf
        {0xFC00, 0xFF800000},   // -inf
        {0x7E00, 0x7FC00000},   // quiet NaN
        {0x7C01, 0x7F802000},   // signalling NaN, payload kept
    };
    for (const Case& c : cases) {
        EXPECT_EQ(bitsOf(halfToFloat(c.half)), c.float_bits) << std::hex << "half 0x" << c.half;
    }
}

TEST(HalfFloat, FloatToHalfRoundsToNearestEven) {
    struct Case { std::uint32_t float_bits; std::uint16_t half; };
    const Case cases[] = {
        {0x3F800000, 0x3C00},   // 1
        {0x3F801000, 0x3C00},   // 1 + 2^-11: tie, 0x3C00 is even -> stays
        {0x3F803000, 0x3C02},   // 1 + 3*2^-11: tie, 0x3C01 odd -> rounds up
        {0x3F801001, 0x3C01},   // just above the tie -> up
        {0x3F800FFF, 0x3C00},   // just below the tie -> down
        {0x477FE000, 0x7BFF},   // 65504
        {0x477FEFFF, 0x7BFF},   // just below 65520 -> 65504
        {0x477FF000, 0x7C00},   // 65520: tie with 2^16 -> inf (even)
        {0x7F7FFFFF, 0x7C00},   // FLT_MAX -> inf
        {0xFF800000, 0xFC00},   // -inf
        {0x38800000, 0x0400},   // 2^-14
        {0x387FE000, 0x0400},   // largest subnormal + half ulp: tie, rounds up to the normal (even)
        {0x33800000, 0x0001},   // 2^-24
        {0x33000000, 0x0000},   // 2^-25: tie between 0 and 2^-24 -> 0
        {0x33000001, 0x0001},   // just above -> 2^-24
        {0x33C00000, 0x0002},   // 1.5 * 2^-24: tie, 1 odd -> 2
        {0x34200000, 0x0002},   // 2.5 * 2^-24: tie, 2 even -> 2
        {0xB3C00000, 0x8002},   // negative subnormal
        {0x00000001, 0x0000},   // float subnormal -> +0
        {0x80000000, 0x8000},   // -0 keeps its sign
        {0x7FC00000, 0x7E00},   // quiet NaN
    };
    for (const Case& c : cases) {
        EXPECT_EQ(floatToHalf(floatFromBits(c.float_bits)), c.half) << std::hex << "float 0x" << c.float_bits;
    }
}

TEST(HalfFloat, NaNWithPayloadOnlyInDroppedBitsStaysNaN) {
    // Mantissa bits only below bit 13 (F16) / 16 (BF16): plain truncation would give inf.
    const float nan = floatFromBits(0x7F800001);
    EXPECT_TRUE(std::isnan(halfToFloat(floatToHalf(nan))));
    EXPECT_TRUE(std::isnan(bfloat16ToFloat(floatToBfloat16(nan))));
    EXPECT_EQ(floatToHalf(floatFromBits(0xFF800001)) & 0x8000, 0x8000);
}

TEST(HalfFloat, EveryHalfRoundTripsExactly) {
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
        const float f = halfToFloat(static_cast<std::uint16_t>(h));
        const bool is_nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
        if (is_nan) {
            ASSERT_TRUE(std::isnan(f)) << std::hex << h;
            ASSERT_EQ(floatToHalf(f), h | 0x200) << std::hex << h;   // quieted, payload kept
        } else {
            ASSERT_EQ(floatToHalf(f), h) << std::hex << h;
        }
    }
}

TEST(HalfFloat, Bfloat16KnownPatterns) {
    EXPECT_EQ(bitsOf(bfloat16ToFloat(0x3F80)), 0x3F800000u);   // 1
    EXPECT_EQ(bitsOf(bfloat16ToFloat(0xC049)), 0xC0490000u);   // -3.140625
    EXPECT_EQ(bitsOf(bfloat16ToFloat(0x0001)), 0x00010000u);   // subnormal
    EXPECT_EQ(bitsOf(bfloat16ToFloat(0xFF80)), 0xFF800000u);   // -inf
    EXPECT_EQ(bitsOf(bfloat16ToFloat(0x7FC1)), 0x7FC10000u);   // NaN payload kept

    EXPECT_EQ(floatToBfloat16(floatFromBits(0x3F808000)), 0x3F80);   // tie, even stays
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x3F818000)), 0x3F82);   // tie, odd rounds up
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x3F808001)), 0x3F81);   // above tie
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x3F807FFF)), 0x3F80);   // below tie
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x7F7FFFFF)), 0x7F80);   // FLT_MAX -> inf
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x7F7F7FFF)), 0x7F7F);   // stays finite
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x00008000)), 0x0000);   // subnormal tie -> even 0
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x80018000)), 0x8002);   // negative subnormal tie -> even
    EXPECT_EQ(floatToBfloat16(floatFromBits(0x7FC00000)), 0x7FC0);
}

TEST(HalfFloat, EveryBfloat16RoundTripsExactly) {
    for (std::uint32_t b = 0; b <= 0xFFFF; ++b) {
        const float f = bfloat16ToFloat(static_cast<std::uint16_t>(b));
        const bool is_nan = (b & 0x7F80) == 0x7F80 && (b & 0x7F) != 0;
        ASSERT_EQ(floatToBfloat16(f), is_nan ? (b | 0x40) : b) << std::hex << b;
    }
}

// An independent oracle: the compiler's own float -> _Float16 conversion (IEEE
// round to nearest even), over a strided sweep of all 2^32 float patterns.
TEST(HalfFloat, FloatToHalfMatchesCompilerFloat16) {
#if defined(__FLT16_MAX__)
    std::uint64_t checked = 0;
    for (std::uint64_t bits = 0; bits <= 0xFFFFFFFFull; bits += 997) {
        const float f = floatFromBits(static_cast<std::uint32_t>(bits));
        if (std::isnan(f)) continue;   // NaN payload handling is implementation-defined
        const _Float16 expected = static_cast<_Float16>(f);
        std::uint16_t expected_bits;
        std::memcpy(&expected_bits, &expected, sizeof expected_bits);
        ASSERT_EQ(floatToHalf(f), expected_bits) << std::hex << "float 0x" << bits;
        ++checked;
    }
    EXPECT_GT(checked, 4000000u);
#else
    FAIL() << "this compiler has no _Float16, the oracle this test compares against (GCC >= 12 on x86-64 has it)";
#endif
}

}  // namespace
}  // namespace stylemix
