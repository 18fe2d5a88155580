// The one JSON parser for text from files (safetensors headers, init_kwargs,
// module attributes, recipes, PNG-embedded recipes). It refuses duplicate
// object keys (nlohmann would keep the last one silently, hiding a second
// definition of a tensor or a field) in time linear in the input, and bounds
// what a document can make us build: nesting depth (a 100k-deep array would
// overflow the stack of every recursive walk, nlohmann's own copy and dump
// included), the number of values, and optionally the top-level keys.
// Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace stylemix {

struct JsonLimits {
    // Real documents nest fewer than 8 levels (a recipe's mix.row_styles[i] is the deepest).
    std::size_t max_depth = 64;
    // Values of any kind; a safetensors header of 65,536 tensors has about 1.2 million.
    std::size_t max_values = 4'000'000;
    std::size_t max_top_level_keys = std::numeric_limits<std::size_t>::max();
};

struct StrictJsonResult {
    nlohmann::json value;        // the document; incomplete when a problem below stopped the parse
    std::string duplicate_key;   // non-empty: this key repeats within one object
    bool too_many_keys = false;  // the top-level object has more than `max_top_level_keys` keys
    bool too_deep = false;       // containers nest deeper than `max_depth`
    bool too_many_values = false;   // more than `max_values` values
    // One sentence on the first problem above ("" when none): "nests deeper than 64 levels", ...
    std::string problem(const JsonLimits& limits) const;
};

// Throws nlohmann::json::parse_error for malformed JSON (the same messages as json::parse).
StrictJsonResult parseStrictJson(const std::uint8_t* begin, const std::uint8_t* end, const JsonLimits& limits = {});

// The whole check in one call: throws std::runtime_error "<what> is not valid JSON: <why>"
// or "<what> <problem>" (duplicate key, too deep, too many values); the library's text is
// shortened and any bytes it quotes clipped.
nlohmann::json parseJsonText(std::string_view text, const std::string& what, const JsonLimits& limits = {});

// nlohmann's exception text without its "[json.exception...]" tag, the input it quotes clipped.
std::string jsonErrorText(const std::exception& e);

// A one-line preview of any JSON value for a message: at most about
// kQuotedBytes characters (strings clipped with their length, containers cut
// with "..."), control characters escaped, non-finite numbers as nan/inf.
// Bounded work and recursion whatever the value's size or depth.
std::string jsonPreview(const nlohmann::json& value);

}  // namespace stylemix
