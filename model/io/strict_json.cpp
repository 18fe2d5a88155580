#include "model/io/strict_json.h"

#include "model/io/message_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace stylemix {

namespace {

using json = nlohmann::json;

// Forwards every event to nlohmann's DOM builder, watching the keys, the depth
// and the number of values; returning false stops the parse at once, before
// anything more is built. The callback form of json::parse is quadratic here:
// on each object's end it scans the enclosing object for discarded values.
class DuplicateKeyChecker {
    // The keys of one open object: a short list scanned linearly (tensor entries
    // have three keys), a hash set once it grows.
    struct Keys {
        std::vector<std::string> few;
        std::unordered_set<std::string> many;
        std::size_t count = 0;
        bool insert(const std::string& key) {
            ++count;
            if (count <= 16) {
                for (const auto& k : few)
                    if (k == key) return false;
                few.push_back(key);
                return true;
            }
            if (many.empty()) many.insert(few.begin(), few.end());
            return many.insert(key).second;
        }
    };

public:
    DuplicateKeyChecker(StrictJsonResult& result, const JsonLimits& limits)
        : result_(result), dom_(result.value), limits_(limits) {}

    bool null() { return counted() && dom_.null(); }
    bool boolean(bool v) { return counted() && dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return counted() && dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return counted() && dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return counted() && dom_.number_float(v, s); }
    bool string(json::string_t& v) { return counted() && dom_.string(v); }
    bool binary(json::binary_t& v) { return counted() && dom_.binary(v); }
    bool start_object(std::size_t n) {
        if (!opened()) return false;
        return dom_.start_object(n);
    }
    bool key(json::string_t& k) {
        Keys& keys = open_.back();
        if (open_.size() == 1 && keys.count >= limits_.max_top_level_keys) {
            result_.too_many_keys = true;
            return false;
        }
        if (!keys.insert(k)) {
            result_.duplicate_key = k;
            return false;
        }
        return dom_.key(k);
    }
    bool end_object() {
        open_.pop_back();
        return dom_.end_object();
    }
    bool start_array(std::size_t n) {
        if (!opened()) return false;   // arrays have no keys; one entry each keeps the depth uniform
        return dom_.start_array(n);
    }
    bool end_array() {
        open_.pop_back();
        return dom_.end_array();
    }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
        return dom_.parse_error(position, token, e);
    }

private:
    // One more value; false (and the flag) past the limit.
    bool counted() {
        if (++values_ <= limits_.max_values) return true;
        result_.too_many_values = true;
        return false;
    }
    // One more open container; false (and the flag) past the depth limit.
    bool opened() {
        if (!counted()) return false;
        if (open_.size() >= limits_.max_depth) {
            result_.too_deep = true;
            return false;
        }
        open_.emplace_back();
        return true;
    }

    StrictJsonResult& result_;
    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::vector<Keys> open_;
    const JsonLimits& limits_;
    std::size_t values_ = 0;
};

}  // namespace

std::string StrictJsonResult::problem(const JsonLimits& limits) const {
    if (!duplicate_key.empty()) return "has duplicate key " + quoteText(duplicate_key);
    if (too_deep) return "nests deeper than " + std::to_string(limits.max_depth) + " levels";
    if (too_many_values) return "holds more than " + std::to_string(limits.max_values) + " values";
    if (too_many_keys) return "has more than " + std::to_string(limits.max_top_level_keys) + " top-level keys";
    return {};
}

StrictJsonResult parseStrictJson(const std::uint8_t* begin, const std::uint8_t* end, const JsonLimits& limits) {
    StrictJsonResult result;
    DuplicateKeyChecker checker(result, limits);
    json::sax_parse(begin, end, &checker);
    return result;
}

std::string jsonErrorText(const std::exception& e) {
    std::string_view text = e.what();
    if (text.rfind("[json.exception.", 0) == 0 && text.find("] ") != std::string_view::npos)
        text.remove_prefix(text.find("] ") + 2);
    // The parser quotes the token it stopped in, which can be the whole rest of a file;
    // its own words ("parse error at line 1, column 9: ...") are short, but bounded too.
    constexpr std::size_t kOwnWords = 300;
    const std::size_t quoted = text.find("last read: ");
    const std::string_view own = text.substr(0, std::min({quoted, text.size(), kOwnWords}));
    if (quoted == std::string_view::npos) return escapeControlChars(own) + (text.size() > kOwnWords ? "..." : "");
    return escapeControlChars(own) + "last read: " + clipText(text.substr(quoted + 11));
}

nlohmann::json parseJsonText(std::string_view text, const std::string& what, const JsonLimits& limits) {
    const auto* begin = reinterpret_cast<const std::uint8_t*>(text.data());
    StrictJsonResult parsed;
    try {
        parsed = parseStrictJson(begin, begin + text.size(), limits);
    } catch (const json::exception& e) {
        throw std::runtime_error(what + " is not valid JSON: " + jsonErrorText(e));
    }
    const std::string problem = parsed.problem(limits);
    if (!problem.empty()) throw std::runtime_error(what + " " + problem);
    return std::move(parsed.value);
}

namespace {

std::string numberText(const json& v) {
    if (!v.is_number_float()) return v.dump();
    const double x = v.get<double>();
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    return v.dump();
}

// Appends `v` to `out` until `out` reaches `limit` bytes. Every level adds at
// least one byte, so the recursion is no deeper than `limit`.
void preview(const json& v, std::string& out, std::size_t limit) {
    if (out.size() >= limit) {
        out += "...";
        return;
    }
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        const std::size_t room = limit - out.size();
        if (s.size() <= room) out += "\"" + escapeControlChars(s) + "\"";
        else out += "\"" + clipText(s.substr(0, room)) + "...\" (" + std::to_string(s.size()) + " bytes)";
        return;
    }
    if (!v.is_structured()) {
        out += numberText(v);
        return;
    }
    out += v.is_array() ? '[' : '{';
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
        if (out.size() >= limit) {
            out += "... (" + std::to_string(v.size()) + " entries)";
            break;
        }
        if (i > 0) out += ", ";
        if (v.is_object()) out += quoteText(it.key()) + ": ";
        preview(*it, out, limit);
    }
    out += v.is_array() ? ']' : '}';
}

}  // namespace

std::string jsonPreview(const json& value) {
    std::string out;
    preview(value, out, kQuotedBytes);
    return out;
}

}  // namespace stylemix
