// Seed / index lists written like NVIDIA's scripts: "1,2,5-10".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// Expands SPEC into its values, in the order given (duplicates are kept).
// Items are separated by commas; each is a number "N" or an inclusive range
// "A-B" with A <= B; spaces and tabs around numbers are allowed. `what` names
// the option for messages (e.g. "--rows"). Throws std::runtime_error naming
// SPEC and the offending item for empty items, non-digits, negative numbers,
// reversed ranges, values above max_value, or more than max_count values.
std::vector<std::uint64_t> parseSpec(const std::string& spec, const std::string& what,
                                     std::uint64_t max_value = 4294967295ull,
                                     std::size_t max_count = 100000);

// Inverse of parseSpec: runs of consecutive increasing values become "a-b",
// e.g. {1,2,5,6,7} -> "1-2,5-7"; {3} -> "3"; {} -> "".
std::string formatSpec(const std::vector<std::uint64_t>& values);

}  // namespace stylemix
