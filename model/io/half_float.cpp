#include "model/io/half_float.h"

#include <cmath>
#include <cstring>

namespace stylemix {

namespace {

std::uint32_t floatBits(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

float bitsToFloat(std::uint32_t bits) {
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

}  // namespace

float halfToFloat(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1Fu;
    const std::uint32_t mantissa = bits & 0x3FFu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24, exactly representable in float.
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 0x1F) {
        return bitsToFloat(sign | 0x7F800000u | (mantissa << 13));   // inf / NaN
    }
    // Rebias the exponent from 15 to 127.
    return bitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(std::uint16_t bits) {
    // bfloat16 is the top half of a float.
    return bitsToFloat(static_cast<std::uint32_t>(bits) << 16);
}

std::uint16_t floatToHalf(float value) {
    const std::uint32_t bits = floatBits(value);
    const std::uint32_t sign = (bits >> 16) & 0x8000u;
    const std::uint32_t magnitude = bits & 0x7FFFFFFFu;

    if (magnitude > 0x7F800000u) {
        // Set the quiet bit so a payload living only in the dropped bits cannot become inf.
        return static_cast<std::uint16_t>(sign | 0x7E00u | ((magnitude >> 13) & 0x3FFu));
    }
    // 65520 is halfway between 65504 (largest half) and 2^16; the tie goes to
    // the even neighbour, which is inf. Covers inf itself too.
    if (magnitude >= 0x477FF000u) {
        return static_cast<std::uint16_t>(sign | 0x7C00u);
    }
    if (magnitude >= 0x38800000u) {
        // Normal half (>= 2^-14). A mantissa carry correctly bumps the exponent.
        std::uint32_t half = ((((magnitude >> 23) - 112) << 10) | ((magnitude >> 13) & 0x3FFu));
        const std::uint32_t rest = magnitude & 0x1FFFu;
        if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) {
            ++half;
        }
        return static_cast<std::uint16_t>(sign | half);
    }
    // 2^-25 is halfway between 0 and the smallest subnormal; the tie goes to 0.
    if (magnitude <= 0x33000000u) {
        return static_cast<std::uint16_t>(sign);
    }
    // Subnormal half: value / 2^-24 = significand * 2^(exponent - 126).
    const std::uint32_t exponent = magnitude >> 23;   // 102..112 here
    const std::uint32_t significand = (magnitude & 0x7FFFFFu) | 0x800000u;
    const std::uint32_t shift = 126 - exponent;       // 14..24
    std::uint32_t half = significand >> shift;
    const std::uint32_t rest = significand & ((1u << shift) - 1);
    const std::uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1u))) {
        ++half;   // may become 0x400, the smallest normal: still the right encoding
    }
    return static_cast<std::uint16_t>(sign | half);
}

std::uint16_t floatToBfloat16(float value) {
    const std::uint32_t bits = floatBits(value);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
        return static_cast<std::uint16_t>((bits >> 16) | 0x40u);   // quiet NaN, see floatToHalf
    }
    // Round to nearest even on the dropped 16 bits; overflow carries into inf.
    const std::uint32_t rounding = 0x7FFFu + ((bits >> 16) & 1u);
    return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

}  // namespace stylemix
