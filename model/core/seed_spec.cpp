#include "model/core/seed_spec.h"

#include "model/io/message_text.h"

#include <stdexcept>

namespace stylemix {

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return "";
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

[[noreturn]] void fail(const std::string& what, const std::string& spec, const std::string& item,
                       const std::string& problem) {
    throw std::runtime_error(what + " " + quoteText(spec, '"') + ": item " + quoteText(item, '"') + " " + problem);
}

// One non-negative decimal number; item is the whole comma item, for messages.
std::uint64_t parseNumber(const std::string& text, const std::string& what, const std::string& spec,
                          const std::string& item, std::uint64_t max_value) {
    const std::string digits = trim(text);
    if (digits.empty()) {
        fail(what, spec, item, "is missing a number (expected N or A-B)");
    }
    if (digits[0] == '-') {
        fail(what, spec, item, "is negative; expected numbers 0.." + std::to_string(max_value));
    }
    std::uint64_t value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            fail(what, spec, item, "has non-digit " + quoteText(std::string(1, c)) + " (expected N or A-B)");
        }
        const auto digit = static_cast<std::uint64_t>(c - '0');
        // Checked before each step so huge inputs cannot wrap around.
        if (value > max_value / 10 || digit > max_value - value * 10) {
            fail(what, spec, item, "is above the maximum " + std::to_string(max_value));
        }
        value = value * 10 + digit;
    }
    return value;
}

}  // namespace

std::vector<std::uint64_t> parseSpec(const std::string& spec, const std::string& what,
                                     std::uint64_t max_value, std::size_t max_count) {
    if (trim(spec).empty()) {
        throw std::runtime_error(what + " " + quoteText(spec, '"') + " is empty: expected e.g. \"1,2,5-10\"");
    }
    std::vector<std::uint64_t> values;
    std::size_t start = 0;
    while (start <= spec.size()) {
        auto comma = spec.find(',', start);
        if (comma == std::string::npos) {
            comma = spec.size();
        }
        const std::string item = trim(spec.substr(start, comma - start));
        start = comma + 1;

        if (item.empty()) {
            fail(what, spec, item, "is empty (stray comma?)");
        }
        // A leading '-' means a negative number, not a range separator.
        const auto dash = item.find('-', 1);
        std::uint64_t first = 0;
        std::uint64_t last = 0;
        if (dash == std::string::npos) {
            first = last = parseNumber(item, what, spec, item, max_value);
        } else {
            first = parseNumber(item.substr(0, dash), what, spec, item, max_value);
            last = parseNumber(item.substr(dash + 1), what, spec, item, max_value);
            if (last < first) {
                fail(what, spec, item, "is a reversed range; expected A-B with A <= B");
            }
        }
        // last - first cannot overflow and the +1 is done only after the check.
        if (last - first >= max_count || values.size() + (last - first) >= max_count) {
            fail(what, spec, item,
                 "would make more than " + std::to_string(max_count) + " values in total");
        }
        for (std::uint64_t v = first;; ++v) {
            values.push_back(v);
            if (v == last) {
                break;   // avoids overflow when last is UINT64_MAX
            }
        }
    }
    return values;
}

std::string formatSpec(const std::vector<std::uint64_t>& values) {
    std::string text;
    std::size_t i = 0;
    while (i < values.size()) {
        std::size_t j = i;
        while (j + 1 < values.size() && values[j] != UINT64_MAX && values[j + 1] == values[j] + 1) {
            ++j;
        }
        if (!text.empty()) {
            text += ',';
        }
        text += std::to_string(values[i]);
        if (j > i) {
            text += '-' + std::to_string(values[j]);
        }
        i = j + 1;
    }
    return text;
}

}  // namespace stylemix
