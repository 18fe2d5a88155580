#include "model/io/pickle/pickle_json.h"

#include <cstring>

namespace stylemix::pickle {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& msg) { throw PickleError(path + ": " + msg); }

template <typename T>
T load(const std::uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

// numpy.core.multiarray.scalar(numpy.dtype('f8', False, True), raw_bytes)
nlohmann::json numpyScalar(const Value* v, const std::string& path) {
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
        if (n != size) fail(path, "numpy " + code + " scalar holds " + std::to_string(n) + " bytes, expected " + std::to_string(size));
    };
    if (code == "f8") { need(8); return load<double>(p); }
    if (code == "f4") { need(4); return load<float>(p); }
    if (code == "i8") { need(8); return load<std::int64_t>(p); }
    if (code == "i4") { need(4); return load<std::int32_t>(p); }
    if (code == "i2") { need(2); return load<std::int16_t>(p); }
    if (code == "i1") { need(1); return load<std::int8_t>(p); }
    if (code == "u8") { need(8); return load<std::uint64_t>(p); }
    if (code == "u4") { need(4); return load<std::uint32_t>(p); }
    if (code == "u2") { need(2); return load<std::uint16_t>(p); }
    if (code == "u1") { need(1); return load<std::uint8_t>(p); }
    if (code == "b1") { need(1); return p[0] != 0; }
    fail(path, "numpy scalar of dtype '" + code + "' is not supported");
}

struct Budget {
    std::size_t nodes;
    std::size_t text_bytes;
};

nlohmann::json convert(const Value* v, const std::string& path, int max_depth, Budget& budget) {
    if (max_depth < 0) fail(path, "nested too deeply (or a cycle)");
    if (budget.nodes == 0) fail(path, "too many values (shared values expand beyond the limit)");
    --budget.nodes;
    if (v->kind == Kind::Str) {
        if (v->text.size() > budget.text_bytes) fail(path, "too much text (shared strings expand beyond the limit)");
        budget.text_bytes -= v->text.size();
    }
    switch (v->kind) {
        case Kind::None: return nullptr;
        case Kind::Bool: return v->boolean;
        case Kind::Int: return v->integer;
        case Kind::Float: return v->real;
        case Kind::Str: return v->text;
        case Kind::Tuple: case Kind::List: {
            nlohmann::json out = nlohmann::json::array();
            for (std::size_t i = 0; i < v->items.size(); ++i) {
                out.push_back(convert(v->items[i], path + "[" + std::to_string(i) + "]", max_depth - 1, budget));
            }
            return out;
        }
        case Kind::Dict: {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& [key, value] : v->entries) {
                if (key->kind != Kind::Str) fail(path, "dict key is " + describe(key) + ", expected str");
                out[key->text] = convert(value, path + "." + key->text, max_depth - 1, budget);
            }
            return out;
        }
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
    return convert(v, path, max_depth, budget);
}

}  // namespace stylemix::pickle
