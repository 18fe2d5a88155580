// JSON parsing that refuses duplicate object keys (nlohmann would keep the
// last one silently, hiding a second definition of a tensor or a field) in
// time linear in the input, and can cap the number of top-level keys so a
// header of a million entries is refused before it is built. Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

namespace stylemix {

struct StrictJsonResult {
    nlohmann::json value;        // the document; incomplete when a problem below stopped the parse
    std::string duplicate_key;   // non-empty: this key repeats within one object
    bool too_many_keys = false;  // the top-level object has more than `max_top_level_keys` keys
};

// Throws nlohmann::json::parse_error for malformed JSON (the same messages as json::parse).
StrictJsonResult parseStrictJson(const std::uint8_t* begin, const std::uint8_t* end,
                                 std::size_t max_top_level_keys = std::numeric_limits<std::size_t>::max());

}  // namespace stylemix
