#include "model/io/strict_json.h"

#include <unordered_set>
#include <vector>

namespace stylemix {

namespace {

using json = nlohmann::json;

// Forwards every event to nlohmann's DOM builder and watches the keys. The
// callback form of json::parse is quadratic here: on each object's end it
// scans the enclosing object for discarded values.
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
    DuplicateKeyChecker(StrictJsonResult& result, std::size_t max_top_level_keys)
        : result_(result), dom_(result.value), max_top_level_keys_(max_top_level_keys) {}

    bool null() { return dom_.null(); }
    bool boolean(bool v) { return dom_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
    bool number_float(json::number_float_t v, const json::string_t& s) { return dom_.number_float(v, s); }
    bool string(json::string_t& v) { return dom_.string(v); }
    bool binary(json::binary_t& v) { return dom_.binary(v); }
    bool start_object(std::size_t n) {
        open_.emplace_back();
        return dom_.start_object(n);
    }
    bool key(json::string_t& k) {
        Keys& keys = open_.back();
        if (open_.size() == 1 && keys.count >= max_top_level_keys_) {
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
        open_.emplace_back();   // arrays have no keys; keeps depth bookkeeping uniform
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
    StrictJsonResult& result_;
    nlohmann::detail::json_sax_dom_parser<json> dom_;
    std::vector<Keys> open_;
    std::size_t max_top_level_keys_;
};

}  // namespace

StrictJsonResult parseStrictJson(const std::uint8_t* begin, const std::uint8_t* end, std::size_t max_top_level_keys) {
    StrictJsonResult result;
    DuplicateKeyChecker checker(result, max_top_level_keys);
    json::sax_parse(begin, end, &checker);
    return result;
}

}  // namespace stylemix
