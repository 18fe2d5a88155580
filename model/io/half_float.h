// Exact conversions between float and the two 16-bit float formats that
// weights files use: IEEE 754 binary16 ("F16") and bfloat16 ("BF16").
#pragma once

#include <cstdint>

namespace stylemix {

// Widening is exact for every bit pattern: subnormals, +-0, +-inf and NaN
// (the NaN payload is kept in the top mantissa bits).
float halfToFloat(std::uint16_t bits);
float bfloat16ToFloat(std::uint16_t bits);

// Narrowing rounds to nearest, ties to even; values past the largest finite
// value round to inf and tiny values to subnormals or +-0. NaN stays NaN (quiet,
// truncated payload), never turning into inf.
std::uint16_t floatToHalf(float value);
std::uint16_t floatToBfloat16(float value);

}  // namespace stylemix
