#include "model/io/pickle/numpy_array.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "model/io/half_float.h"

namespace stylemix::pickle {

namespace {

// Far beyond any network; keeps numel * itemsize inside 64 bits.
constexpr std::int64_t kMaxElements = std::int64_t{1} << 48;

[[noreturn]] void fail(const std::string& what, const std::string& msg) { throw PickleError(what + ": " + msg); }

struct CodeInfo {
    const char* code;
    DType dtype;
    std::size_t itemsize;
};

// numpy.dtype's pickled codes (kind + itemsize) that we decode.
const CodeInfo kCodes[] = {
    {"f2", DType::F16, 2}, {"f4", DType::F32, 4}, {"f8", DType::F64, 8}, {"i1", DType::I8, 1},
    {"i2", DType::I16, 2}, {"i4", DType::I32, 4}, {"i8", DType::I64, 8}, {"u1", DType::U8, 1},
    {"b1", DType::Bool, 1},
};

// Reorders Fortran (column-major) element order into C (row-major) order.
std::vector<std::uint8_t> fortranToC(const std::uint8_t* src, const std::vector<std::int64_t>& shape,
                                     std::int64_t numel, std::size_t elem) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(numel) * elem);
    const std::size_t ndim = shape.size();
    std::vector<std::int64_t> col_stride(ndim, 1);
    for (std::size_t d = 1; d < ndim; ++d) col_stride[d] = col_stride[d - 1] * shape[d - 1];
    std::vector<std::int64_t> index(ndim, 0);
    for (std::int64_t i = 0; i < numel; ++i) {
        std::int64_t off = 0;
        for (std::size_t d = 0; d < ndim; ++d) off += index[d] * col_stride[d];
        std::memcpy(out.data() + static_cast<std::size_t>(i) * elem, src + static_cast<std::size_t>(off) * elem, elem);
        for (std::size_t d = ndim; d-- > 0;) {
            if (++index[d] < shape[d]) break;
            index[d] = 0;
        }
    }
    return out;
}

void swapBytes(std::vector<std::uint8_t>& bytes, std::size_t elem) {
    if (elem < 2) return;
    for (std::size_t i = 0; i + elem <= bytes.size(); i += elem) std::reverse(bytes.begin() + i, bytes.begin() + i + elem);
}

std::int64_t integerOf(const Value* v) {
    if (v->kind == Kind::Int) return v->integer;
    if (v->kind == Kind::Bool) return v->boolean ? 1 : 0;
    return -1;
}

// Decodes `nbytes` of element data laid out as `shape` into a RawTensor.
RawTensor decode(const NumpyDtype& dt, std::vector<std::int64_t> shape, bool fortran, const Value* data,
                 const std::string& what, ValueArena& arena) {
    if (data->kind != Kind::Bytes) {
        fail(what, "array data is " + describe(data) + ", expected raw bytes (object arrays are not read)");
    }
    std::int64_t numel = 1;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (shape[d] < 0) fail(what, "dimension " + std::to_string(d) + " is " + std::to_string(shape[d]) + ", expected >= 0");
        if (shape[d] > kMaxElements || (shape[d] != 0 && numel > kMaxElements / shape[d])) {
            fail(what, "shape has more than 2^48 elements");
        }
        numel *= shape[d];
    }
    const std::size_t nbytes = static_cast<std::size_t>(numel) * dt.itemsize;
    if (data->nbytes != nbytes) {
        fail(what, "shape needs " + std::to_string(numel) + " x " + std::to_string(dt.itemsize) + " = " +
                       std::to_string(nbytes) + " bytes of data, found " + std::to_string(data->nbytes));
    }
    arena.charge(nbytes, "array data");
    RawTensor t;
    t.dtype = dt.dtype;
    t.shape = std::move(shape);
    if (fortran && t.shape.size() > 1) {
        t.bytes = fortranToC(data->bytes, t.shape, numel, dt.itemsize);
    } else {
        t.bytes.assign(data->bytes, data->bytes + nbytes);
    }
    if (dt.big_endian) swapBytes(t.bytes, dt.itemsize);
    if (dt.dtype == DType::Bool) {
        for (std::uint8_t b : t.bytes) {
            if (b > 1) fail(what, "bool array holds the byte " + std::to_string(b) + ", expected 0 or 1");
        }
    }
    return t;
}

RawTensor readReconstructed(const Value* v, const std::string& what, ValueArena& arena) {
    const auto& a = v->args->items;
    if (a.empty() || a[0]->kind != Kind::Global || a[0]->global->id != GlobalId::NumpyNdarray) {
        fail(what, "_reconstruct builds " + (a.empty() ? std::string("nothing") : describe(a[0])) + ", expected numpy.ndarray");
    }
    const Value* s = v->state;
    if (s == nullptr) fail(what, "ndarray has no BUILD state");
    // (version, shape, dtype, is_fortran, data)
    if (s->kind != Kind::Tuple || s->items.size() != 5) {
        fail(what, "ndarray state is " + describe(s) + " of " + std::to_string(s->items.size()) +
                       " items, expected (version, shape, dtype, is_fortran, data)");
    }
    const Value* version = s->items[0];
    if (version->kind != Kind::Int || version->integer != 1) fail(what, "ndarray state version is " + describe(version) + ", expected 1");
    const Value* shape_v = s->items[1];
    if (shape_v->kind != Kind::Tuple) fail(what, "ndarray shape is " + describe(shape_v) + ", expected a tuple");
    std::vector<std::int64_t> shape;
    for (std::size_t d = 0; d < shape_v->items.size(); ++d) {
        const Value* dim = shape_v->items[d];
        if (dim->kind != Kind::Int) fail(what, "dimension " + std::to_string(d) + " is " + describe(dim) + ", expected an int");
        shape.push_back(dim->integer);
    }
    const NumpyDtype dt = readNumpyDtype(s->items[2], what);
    const std::int64_t fortran = integerOf(s->items[3]);
    if (fortran < 0 || fortran > 1) fail(what, "is_fortran is " + describe(s->items[3]) + ", expected a bool");
    return decode(dt, std::move(shape), fortran == 1, s->items[4], what, arena);
}

}  // namespace

bool isNumpyArray(const Value* v) {
    return v != nullptr && (v->isCallOf(GlobalId::NumpyReconstruct) || v->isCallOf(GlobalId::NumpyScalar));
}

NumpyDtype readNumpyDtype(const Value* v, const std::string& what) {
    if (!v->isCallOf(GlobalId::NumpyDtype)) fail(what, "dtype is " + describe(v) + ", expected numpy.dtype");
    const auto& a = v->args->items;
    if (a.empty() || a[0]->kind != Kind::Str) fail(what, "numpy.dtype expects a type code string first");
    NumpyDtype dt;
    std::string code = a[0]->text;
    char order = '|';
    if (!code.empty() && (code[0] == '<' || code[0] == '>' || code[0] == '=' || code[0] == '|')) {
        order = code[0];
        code.erase(0, 1);
    }
    dt.code = code;
    for (const CodeInfo& info : kCodes) {
        if (code == info.code) {
            dt.dtype = info.dtype;
            dt.itemsize = info.itemsize;
        }
    }
    if (dt.dtype == DType::Unknown) {
        const std::string kind = (!code.empty() && code[0] == 'O') ? "object dtype '" : "dtype '";
        fail(what, kind + code + "' is not supported (only float16/32/64, int8-64, uint8 and bool arrays are read)");
    }
    // BUILD state (version, byteorder, subarray, names, fields, elsize, alignment, flags).
    if (const Value* s = v->state) {
        if (s->kind != Kind::Tuple || s->items.size() < 2 || s->items[1]->kind != Kind::Str) {
            fail(what, "dtype state is " + describe(s) + ", expected (version, byteorder, ...)");
        }
        order = s->items[1]->text.size() == 1 ? s->items[1]->text[0] : '?';
        for (std::size_t i = 2; i < 5 && i < s->items.size(); ++i) {
            if (s->items[i]->kind != Kind::None) fail(what, "structured or sub-array dtype '" + code + "' is not supported");
        }
    }
    // numpy writes '<' or '>' for multi-byte types ('=' would be the writer's
    // native order, little-endian on every platform StyleGAN ran on).
    if (order == '>') {
        dt.big_endian = true;
    } else if (order != '<' && order != '=' && !(order == '|' && dt.itemsize == 1)) {
        fail(what, "dtype '" + code + "' has byte order '" + std::string(1, order) + "', expected '<' or '>'");
    }
    return dt;
}

RawTensor readNumpyArray(const Value* v, const std::string& what, ValueArena& arena) {
    try {
        if (v->isCallOf(GlobalId::NumpyReconstruct)) return readReconstructed(v, what, arena);
        if (v->isCallOf(GlobalId::NumpyScalar)) {
            const auto& a = v->args->items;
            if (a.size() != 2) fail(what, "numpy scalar expects (dtype, data), found " + std::to_string(a.size()) + " arguments");
            const NumpyDtype dt = readNumpyDtype(a[0], what);
            return decode(dt, {}, false, a[1], what, arena);
        }
    } catch (const LimitError& e) {
        throw LimitError(what + ": " + e.what());
    }
    fail(what, "expected a numpy array or scalar, found " + describe(v));
}

double scalarValue(const RawTensor& t, const std::string& what) {
    if (t.numel() != 1) fail(what, "expected a single value, found " + std::to_string(t.numel()) + " elements");
    const std::uint8_t* p = t.bytes.data();
    auto load = [p](auto zero) {
        decltype(zero) x;
        std::memcpy(&x, p, sizeof(x));
        return static_cast<double>(x);
    };
    switch (t.dtype) {
        case DType::F16: return halfToFloat(static_cast<std::uint16_t>(load(std::uint16_t{})));
        case DType::F32: return load(float{});
        case DType::F64: return load(double{});
        case DType::I64: return load(std::int64_t{});
        case DType::I32: return load(std::int32_t{});
        case DType::I16: return load(std::int16_t{});
        case DType::I8: return load(std::int8_t{});
        case DType::U8: return load(std::uint8_t{});
        case DType::Bool: return p[0] != 0 ? 1.0 : 0.0;
        default: break;
    }
    fail(what, std::string("a ") + dtypeName(t.dtype) + " value is not a number");
}

}  // namespace stylemix::pickle
