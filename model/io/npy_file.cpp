#include "model/io/npy_file.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "model/io/half_float.h"
#include "model/io/message_text.h"
#include "model/io/npy_header.h"

namespace stylemix {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& message) {
    throw std::runtime_error(name + ": " + message);
}

constexpr bool kHostLittleEndian = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

}  // namespace

std::string leadingBytesHex(const std::uint8_t* data, std::size_t size) {
    std::string text;
    char buf[4];
    for (std::size_t i = 0; i < size && i < 8; ++i) {
        std::snprintf(buf, sizeof buf, "%s%02x", i ? " " : "", data[i]);
        text += buf;
    }
    return text + (size > 8 ? " ..." : "");
}

namespace {

std::uint32_t readLittleEndian(const std::uint8_t* bytes, int count) {
    std::uint32_t value = 0;
    for (int i = count - 1; i >= 0; --i) value = (value << 8) | bytes[i];
    return value;
}

// Where the header dict and the data sit in the image.
struct NpyLayout {
    std::string_view header;
    std::size_t data_offset = 0;
};

NpyLayout readLayout(const std::uint8_t* data, std::size_t size, const std::string& name) {
    if (size == 0) fail(name, "the file is empty (expected a NumPy .npy array)");
    if (size < kNpyMagicBytes && std::memcmp(data, kNpyMagic, size) == 0)
        fail(name, "this .npy is cut short (" + std::to_string(size) + " bytes, ending inside its magic bytes)");
    if (size < kNpyMagicBytes || std::memcmp(data, kNpyMagic, kNpyMagicBytes) != 0)
        fail(name, "not a NumPy .npy array (expected the magic bytes 93 4e 55 4d 50 59 (\\x93NUMPY), found " +
                       leadingBytesHex(data, size) + ")");
    if (size < 8) fail(name, "this .npy is cut short (" + std::to_string(size) + " bytes, ending inside its format version)");
    const int major = data[6], minor = data[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        fail(name, ".npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                       " (expected 1.0, 2.0 or 3.0)");
    const std::size_t length_bytes = major == 1 ? 2 : 4;
    const std::size_t prefix = 8 + length_bytes;
    if (size < prefix)
        fail(name, "this .npy is cut short (" + std::to_string(size) + " bytes, ending inside its header length)");
    const std::uint32_t header_length = readLittleEndian(data + 8, static_cast<int>(length_bytes));
    if (header_length > kMaxNpyHeaderBytes)
        fail(name, ".npy header length " + std::to_string(header_length) + " is longer than the limit (" +
                       std::to_string(kMaxNpyHeaderBytes) + " bytes, as numpy's np.load)");
    if (size - prefix < header_length)
        fail(name, "this .npy is cut short (" + std::to_string(size) + " bytes; its header should run to byte " +
                       std::to_string(prefix + header_length) +
                       "): the download or copy stopped early, fetch the file again");
    NpyLayout layout;
    layout.header = std::string_view(reinterpret_cast<const char*>(data + prefix), header_length);
    layout.data_offset = prefix + header_length;
    return layout;
}

// A float dtype: its size in bytes and byte order.
struct FloatType {
    std::size_t bytes = 0;
    bool big_endian = false;
    const char* noun = "";
};

FloatType floatTypeOf(const std::string& descr, const std::string& name) {
    const std::string quoted = quoteText(descr);
    const char order = descr.empty() ? '\0' : descr[0];
    const std::string code = (order == '<' || order == '>' || order == '=' || order == '|') ? descr.substr(1) : descr;
    if (!code.empty() && code[0] == 'O')
        fail(name, "dtype " + quoted + " is an object array (pickled Python objects), which is refused; expected float32 ('<f4')");
    FloatType type;
    if (code == "f2") type = {2, false, "float16"};
    else if (code == "f4") type = {4, false, "float32"};
    else if (code == "f8") type = {8, false, "float64"};
    else
        fail(name, "dtype " + quoted + " is not a float array; expected float32 ('<f4'), float16 or float64 in either byte order");
    if (code.size() == descr.size())
        fail(name, "dtype " + quoted + " has no byte order mark; expected '<" + code + "' or '>" + code + "' as numpy writes");
    type.big_endian = order == '>' || (!kHostLittleEndian && (order == '=' || order == '|'));
    return type;
}

// The element count of `shape`, refusing 0-d arrays, overflow and counts past kMaxNpyElements.
std::uint64_t elementCount(const std::vector<std::int64_t>& shape, const std::string& name) {
    if (shape.empty()) fail(name, "a 0-d array (one scalar, shape ()); expected an array such as [18, 512]");
    // Like numpy, the dimensions other than zeros must not overflow either (a zero does not excuse them).
    std::uint64_t count = 1;
    bool overflow = false, empty = false;
    for (std::int64_t dim : shape) {
        if (dim == 0) empty = true;
        else overflow = overflow || __builtin_mul_overflow(count, static_cast<std::uint64_t>(dim), &count);
    }
    if (overflow) fail(name, "shape " + npyShapeText(shape) + ": its element count overflows 64 bits");
    if (empty) return 0;
    if (count > kMaxNpyElements)
        fail(name, "shape " + npyShapeText(shape) + " holds " + std::to_string(count) + " elements, more than the limit (" +
                       std::to_string(kMaxNpyElements) + ")");
    return count;
}

float decodeValue(const std::uint8_t* bytes, const FloatType& type) {
    std::uint8_t ordered[8];
    for (std::size_t i = 0; i < type.bytes; ++i) ordered[i] = bytes[type.big_endian == kHostLittleEndian ? type.bytes - 1 - i : i];
    if (type.bytes == 2) {
        std::uint16_t bits;
        std::memcpy(&bits, ordered, 2);
        return halfToFloat(bits);
    }
    if (type.bytes == 4) {
        float value;
        std::memcpy(&value, ordered, 4);
        return value;
    }
    double value;
    std::memcpy(&value, ordered, 8);
    return static_cast<float>(value);
}

// Fortran (column-major) values put in C (row-major) order.
std::vector<float> fortranToC(const std::vector<float>& fortran, const std::vector<std::int64_t>& shape) {
    const std::size_t rank = shape.size();
    std::vector<std::size_t> c_stride(rank, 1);
    for (std::size_t d = rank - 1; d > 0; --d) c_stride[d - 1] = c_stride[d] * static_cast<std::size_t>(shape[d]);
    std::vector<float> c(fortran.size());
    std::vector<std::int64_t> index(rank, 0);
    std::size_t c_offset = 0;
    for (float value : fortran) {
        c[c_offset] = value;
        for (std::size_t d = 0; d < rank; ++d) {   // the first index moves fastest in Fortran order
            c_offset += c_stride[d];
            if (++index[d] < shape[d]) break;
            c_offset -= c_stride[d] * static_cast<std::size_t>(shape[d]);
            index[d] = 0;
        }
    }
    return c;
}

}  // namespace

NpyArray parseNpy(const std::uint8_t* data, std::size_t size, const std::string& name) {
    const NpyLayout layout = readLayout(data, size, name);
    const NpyHeader header = parseNpyHeaderDict(layout.header, name);
    const FloatType type = floatTypeOf(header.descr, name);
    const std::uint64_t count = elementCount(header.shape, name);
    const std::uint64_t needed = count * type.bytes;   // <= 2^31: no overflow
    const std::uint64_t present = size - layout.data_offset;
    const std::string what = std::string(type.noun) + " shape " + npyShapeText(header.shape);
    if (present < needed)
        fail(name, "this .npy is cut short (" + std::to_string(size) + " bytes; its " + what + " needs data up to byte " +
                       std::to_string(layout.data_offset + needed) +
                       "): the download or copy stopped early, fetch the file again");
    if (present > needed)
        fail(name, std::to_string(present - needed) + " extra bytes after the array's data (its " + what +
                       " ends at byte " + std::to_string(layout.data_offset + needed) + " of " + std::to_string(size) +
                       "); numpy writes nothing after it");
    NpyArray array;
    array.shape = header.shape;
    array.values.resize(count);
    const std::uint8_t* bytes = data + layout.data_offset;
    for (std::size_t i = 0; i < count; ++i) array.values[i] = decodeValue(bytes + i * type.bytes, type);
    if (header.fortran_order && header.shape.size() > 1) array.values = fortranToC(array.values, array.shape);
    return array;
}

std::string serializeNpyFloat32(const std::vector<std::int64_t>& shape, const std::vector<float>& values) {
    std::uint64_t count = 1;
    for (std::int64_t dim : shape) {
        if (dim < 0 || __builtin_mul_overflow(count, static_cast<std::uint64_t>(dim), &count))
            throw std::invalid_argument("serializeNpyFloat32: bad shape " + npyShapeText(shape));
    }
    if (count != values.size())
        throw std::invalid_argument("serializeNpyFloat32: shape " + npyShapeText(shape) + " holds " + std::to_string(count) +
                                    " elements, given " + std::to_string(values.size()));
    std::string dims;
    for (std::int64_t dim : shape) dims += std::to_string(dim) + ", ";
    if (shape.size() > 1) dims.resize(dims.size() - 2);   // numpy: "(3,)" for one dim, "(3, 4)" for more
    else if (!dims.empty()) dims.resize(dims.size() - 1);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    const std::size_t unpadded = 10 + header.size() + 1;   // magic, version, 2-byte length, dict, newline
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::string out(kNpyMagic, kNpyMagicBytes);
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    out += header;
    const std::size_t data_offset = out.size();
    out.resize(data_offset + values.size() * 4);
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, &values[i], 4);
        for (int b = 0; b < 4; ++b) out[data_offset + i * 4 + b] = static_cast<char>(bits >> (8 * b));
    }
    return out;
}

}  // namespace stylemix
