#include "model/io/pickle/pickle_json.h"

#include "model/io/message_text.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace stylemix::pickle {

namespace {

// Kwargs keys are Python identifiers; anything longer is refused.
constexpr std::size_t kMaxKeyBytes = 256;

// Where a value sits, turned into text only for a message: building
// `path + "." + key` at every level would copy each key once per level below
// it (31 nested 16 MiB keys: gigabytes).
class Path {
public:
    explicit Path(const std::string& root) : root_(root) {}
    void pushKey(const std::string& key) { steps_.push_back({&key, 0}); }
    void pushIndex(std::size_t index) { steps_.push_back({nullptr, index}); }
    void pop() { steps_.pop_back(); }
    std::string text() const {
        std::string out = root_;
        for (const Step& s : steps_) out += s.key ? "." + clipText(*s.key) : "[" + std::to_string(s.index) + "]";
        return out;
    }

private:
    struct Step {
        const std::string* key;
        std::size_t index;
    };
    const std::string& root_;
    std::vector<Step> steps_;
};

[[noreturn]] void fail(const Path& path, const std::string& msg) { throw PickleError(path.text() + ": " + msg); }

template <typename T>
T load(const std::uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

// JSON cannot hold NaN or infinities (nlohmann would write null, which a
// config reads as "use the default"), so a non-finite argument is refused here.
double finite(double x, const Path& path) {
    if (!std::isfinite(x)) fail(path, std::string("is ") + (std::isnan(x) ? "nan" : x > 0 ? "inf" : "-inf") +
                                          ": constructor arguments must be finite numbers");
    return x;
}

// numpy.core.multiarray.scalar(numpy.dtype('f8', False, True), raw_bytes)
nlohmann::json numpyScalar(const Value* v, const Path& path) {
    const auto& a = v->args->items;
    if (a.size() != 2 || !a[0]->isCallOf(GlobalId::NumpyDtype) || a[1]->kind != Kind::Bytes ||
        a[0]->args->items.empty() || a[0]->args->items[0]->kind != Kind::Str) {
        fail(path, "numpy scalar with unexpected arguments");
    }
    const Value* dtype = a[0];
    const std::string& code = dtype->args->items[0]->text;
    // dtype state: (version, byteorder, ...); '>' = big-endian, read byte-reversed.
    const bool big_endian = dtype->state && dtype->state->kind == Kind::Tuple && dtype->state->items.size() > 1 &&
                            dtype->state->items[1]->kind == Kind::Str && dtype->state->items[1]->text == ">";
    const std::size_t n = a[1]->nbytes;
    std::uint8_t swapped[8];
    const std::uint8_t* p = a[1]->bytes;
    if (big_endian && n <= sizeof swapped) {
        for (std::size_t i = 0; i < n; ++i) swapped[i] = p[n - 1 - i];
        p = swapped;
    }
    auto need = [&](std::size_t size) {
        if (n != size) fail(path, "numpy " + quoteText(code) + " scalar holds " + std::to_string(n) + " bytes, expected " + std::to_string(size));
    };
    if (code == "f8") { need(8); return finite(load<double>(p), path); }
    if (code == "f4") { need(4); return finite(load<float>(p), path); }
    if (code == "i8") { need(8); return load<std::int64_t>(p); }
    if (code == "i4") { need(4); return load<std::int32_t>(p); }
    if (code == "i2") { need(2); return load<std::int16_t>(p); }
    if (code == "i1") { need(1); return load<std::int8_t>(p); }
    if (code == "u8") { need(8); return load<std::uint64_t>(p); }
    if (code == "u4") { need(4); return load<std::uint32_t>(p); }
    if (code == "u2") { need(2); return load<std::uint16_t>(p); }
    if (code == "u1") { need(1); return load<std::uint8_t>(p); }
    if (code == "b1") { need(1); return p[0] != 0; }
    fail(path, "numpy scalar of dtype " + quoteText(code) + " is not supported");
}

struct Budget {
    std::size_t nodes;
    std::size_t text_bytes;
    // Strings and keys both count: a memoized string can be used many times.
    void chargeText(std::size_t bytes, const Path& path) {
        if (bytes > text_bytes) fail(path, "too much text (shared strings expand beyond the limit)");
        text_bytes -= bytes;
    }
};

nlohmann::json convert(const Value* v, Path& path, int max_depth, Budget& budget);

nlohmann::json convertList(const Value* v, Path& path, int max_depth, Budget& budget) {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < v->items.size(); ++i) {
        path.pushIndex(i);
        out.push_back(convert(v->items[i], path, max_depth - 1, budget));
        path.pop();
    }
    return out;
}

nlohmann::json convertDict(const Value* v, Path& path, int max_depth, Budget& budget) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : v->entries) {
        if (key->kind != Kind::Str) fail(path, "dict key is " + describe(key) + ", expected str");
        if (key->text.size() > kMaxKeyBytes)
            fail(path, "dict key " + quoteText(key->text) + " is longer than the " + std::to_string(kMaxKeyBytes) +
                           " bytes an argument name may have");
        budget.chargeText(key->text.size(), path);
        path.pushKey(key->text);
        out[key->text] = convert(value, path, max_depth - 1, budget);
        path.pop();
    }
    return out;
}

nlohmann::json convert(const Value* v, Path& path, int max_depth, Budget& budget) {
    if (max_depth < 0) fail(path, "nested too deeply (or a cycle)");
    if (budget.nodes == 0) fail(path, "too many values (shared values expand beyond the limit)");
    --budget.nodes;
    switch (v->kind) {
        case Kind::None: return nullptr;
        case Kind::Bool: return v->boolean;
        case Kind::Int: return v->integer;
        case Kind::Float: return finite(v->real, path);
        case Kind::Str: budget.chargeText(v->text.size(), path); return v->text;
        case Kind::Tuple: case Kind::List: return convertList(v, path, max_depth, budget);
        case Kind::Dict: return convertDict(v, path, max_depth, budget);
        case Kind::Object:
            if (v->isCallOf(GlobalId::NumpyScalar)) return numpyScalar(v, path);
            break;
        default:
            break;
    }
    fail(path, "unsupported value " + describe(v));
}

}  // namespace

nlohmann::json toJson(const Value* v, const std::string& path, int max_depth, std::size_t max_nodes,
                      std::size_t max_text_bytes) {
    Budget budget{max_nodes, max_text_bytes};
    Path where(path);
    return convert(v, where, max_depth, budget);
}

}  // namespace stylemix::pickle
