#include "model/io/safetensors.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "model/io/atomic_file.h"
#include "model/io/checked_file.h"
#include "model/io/message_text.h"
#include "model/io/strict_json.h"

namespace stylemix {

namespace {

using json = nlohmann::json;

constexpr std::size_t kPrefixBytes = 8;   // little-endian u64 header length
constexpr const char* kMetadataKey = "__metadata__";
constexpr const char* kAttributesKey = "module_attributes";   // RawWeights::attributes_json

constexpr DType kKnownDTypes[] = {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I64,
                                  DType::I32, DType::I16, DType::I8,   DType::U8,  DType::Bool};

[[noreturn]] void fail(const std::string& source, const std::string& message) {
    throw std::runtime_error(source + ": " + message);
}

// Names and strings from the header are quoted clipped and escaped.
std::string inQuotes(const std::string& text) { return quoteText(text); }
// A class name is a dotted Python path; anything longer is not one.
constexpr std::size_t kMaxClassNameBytes = 1024;

std::string knownDTypeList() {
    std::string list;
    for (DType dtype : kKnownDTypes) {
        list += (list.empty() ? "" : ", ") + std::string(dtypeName(dtype));
    }
    return list;
}

DType dtypeFromName(const std::string& name) {
    for (DType dtype : kKnownDTypes) {
        if (name == dtypeName(dtype)) return dtype;
    }
    return DType::Unknown;
}

// At most the first 8 dims are written: a header can list millions.
std::string shapeText(const std::vector<std::int64_t>& shape) {
    constexpr std::size_t kShown = 8;
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size() && i < kShown; ++i) {
        text += (i ? ", " : "") + std::to_string(shape[i]);
    }
    if (shape.size() > kShown) text += ", ... (" + std::to_string(shape.size()) + " dims)";
    return text + "]";
}

std::string rangeText(std::uint64_t begin, std::uint64_t end) {
    return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

// What a JSON value is, for "expected X, found Y" messages; scalars are shown.
std::string describe(const json& value) {
    if (value.is_number() || value.is_boolean() || value.is_null()) {
        return std::string(value.type_name()) + " " + jsonPreview(value);
    }
    return value.type_name();
}

// Multiplies the dims with overflow checks (like the reference library, a zero
// dim does not excuse an overflow before it). Returns false on overflow.
bool checkedElementCount(const std::vector<std::int64_t>& shape, std::uint64_t& count) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    count = 1;
    for (std::int64_t dim : shape) {
        if (__builtin_mul_overflow(count, static_cast<std::uint64_t>(dim), &count) || count > kMax) return false;
    }
    return true;
}

std::uint64_t readLittleEndian64(const std::uint8_t* bytes) {
    std::uint64_t value = 0;
    for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
    return value;
}

// One header entry, validated on its own; bytes are copied once all entries fit together.
struct TensorEntry {
    std::string name;
    DType dtype = DType::Unknown;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

const json& requireField(const std::string& source, const std::string& tensor, const json& entry,
                         const char* field) {
    const auto it = entry.find(field);
    if (it == entry.end()) {
        fail(source, "tensor " + inQuotes(tensor) + ": missing field '" + field + "'");
    }
    return *it;
}

// Where the data section sits in the file, to say where a cut-short file stops.
struct DataSection {
    std::uint64_t offset = 0;   // of its first byte in the file (8 + header length)
    std::uint64_t size = 0;     // bytes present
};

// A file whose header places data past its end: plain words first, then the detail.
std::string cutShortText(std::uint64_t file_size, std::uint64_t needed_end, const std::string& detail) {
    return "this safetensors file is cut short (" + std::to_string(file_size) + " bytes; its header says the data runs to byte " +
           std::to_string(needed_end) + "): the download or copy stopped early, fetch the file again (detail: " + detail + ")";
}

TensorEntry parseTensorEntry(const std::string& source, const std::string& name, const json& entry,
                             const DataSection& data) {
    const std::uint64_t data_size = data.size;
    const std::string where = "tensor " + inQuotes(name) + ": ";
    if (!entry.is_object()) {
        fail(source, where + "expected an object with dtype, shape and data_offsets, found " + describe(entry));
    }
    // Unknown fields are ignored, as the reference library does.
    TensorEntry tensor;
    tensor.name = name;

    const json& dtype = requireField(source, name, entry, "dtype");
    if (!dtype.is_string()) fail(source, where + "field 'dtype' must be a string, found " + describe(dtype));
    tensor.dtype = dtypeFromName(dtype.get_ref<const std::string&>());
    if (tensor.dtype == DType::Unknown) {
        fail(source, where + "unknown dtype " + quoteText(dtype.get_ref<const std::string&>(), '"') + " (expected one of " +
                         knownDTypeList() + ")");
    }

    const json& shape = requireField(source, name, entry, "shape");
    if (!shape.is_array()) fail(source, where + "field 'shape' must be an array, found " + describe(shape));
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const json& dim = shape[i];
        const std::string field = "shape[" + std::to_string(i) + "]";
        if (dim.is_number_unsigned()) {
            if (dim.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                fail(source, where + field + " is " + dim.dump() + ", larger than a 64-bit signed integer");
            }
            tensor.shape.push_back(dim.get<std::int64_t>());
        } else if (dim.is_number_integer()) {
            fail(source, where + field + " is " + dim.dump() + ", expected a non-negative integer");
        } else {
            fail(source, where + field + " must be a non-negative integer, found " + describe(dim));
        }
    }
    std::uint64_t numel = 0;
    std::uint64_t byte_count = 0;
    if (!checkedElementCount(tensor.shape, numel) ||
        __builtin_mul_overflow(numel, dtypeSize(tensor.dtype), &byte_count)) {
        fail(source, where + "shape " + shapeText(tensor.shape) + " is too large: its element or byte count overflows 64 bits");
    }

    const json& offsets = requireField(source, name, entry, "data_offsets");
    if (!offsets.is_array() || offsets.size() != 2) {
        fail(source, where + "field 'data_offsets' must be an array [begin, end], found " +
                         (offsets.is_array() ? "an array of " + std::to_string(offsets.size()) : describe(offsets)));
    }
    for (std::size_t i = 0; i < 2; ++i) {
        if (!offsets[i].is_number_unsigned()) {
            fail(source, where + "data_offsets[" + std::to_string(i) + "] must be a non-negative integer, found " +
                             describe(offsets[i]));
        }
    }
    tensor.begin = offsets[0].get<std::uint64_t>();
    tensor.end = offsets[1].get<std::uint64_t>();
    const std::string range = rangeText(tensor.begin, tensor.end);
    if (tensor.end < tensor.begin) {
        fail(source, where + "data_offsets " + range + " end before they begin");
    }
    if (tensor.end > data_size) {
        const std::string detail = where + "data_offsets " + range + " exceed the data section (" +
                                   std::to_string(data_size) + " bytes)";
        std::uint64_t needed_end = 0;
        if (__builtin_add_overflow(data.offset, tensor.end, &needed_end) || needed_end > fileKindLimit(FileKind::Model))
            fail(source, detail);   // no longer copy could hold it: a damaged header, not a cut file
        fail(source, cutShortText(data.offset + data_size, needed_end, detail));
    }
    if (tensor.end - tensor.begin != byte_count) {
        fail(source, where + dtypeName(tensor.dtype) + " shape " + shapeText(tensor.shape) + " needs " +
                         std::to_string(byte_count) + " bytes, but data_offsets " + range + " span " +
                         std::to_string(tensor.end - tensor.begin));
    }
    return tensor;
}

// Why `text` is not a JSON object without duplicate keys; empty when it is one.
std::string jsonObjectError(const std::string& text) {
    const auto* begin = reinterpret_cast<const std::uint8_t*>(text.data());
    const JsonLimits limits;
    StrictJsonResult parsed;
    try {
        parsed = parseStrictJson(begin, begin + text.size(), limits);
    } catch (const json::exception& e) {
        return "expected a JSON object, found invalid JSON (" + jsonErrorText(e) + ")";
    }
    if (!parsed.duplicate_key.empty()) return "duplicate key " + inQuotes(parsed.duplicate_key);
    if (const std::string problem = parsed.problem(limits); !problem.empty()) return "the JSON " + problem;
    if (!parsed.value.is_object()) return "expected a JSON object, found " + describe(parsed.value);
    return {};
}

void parseMetadata(const std::string& source, const json& metadata, RawWeights& weights) {
    if (!metadata.is_object()) {
        fail(source, std::string("field '") + kMetadataKey + "' must be an object of strings, found " +
                         describe(metadata));
    }
    for (const auto& [key, value] : metadata.items()) {
        if (!value.is_string()) {
            fail(source, std::string(kMetadataKey) + " key " + inQuotes(key) + " must be a string, found " +
                             describe(value));
        }
    }
    if (const auto it = metadata.find("class_name"); it != metadata.end()) {
        const auto& name = it->get_ref<const std::string&>();
        if (name.size() > kMaxClassNameBytes)
            fail(source, std::string(kMetadataKey) + " key 'class_name' is " + inQuotes(name) + ", longer than the " +
                             std::to_string(kMaxClassNameBytes) + " bytes a class name may have");
        weights.class_name = name;
    }
    // JSON-object texts: the constructor kwargs, and module attributes (StyleGAN3).
    for (const auto& [key, target] : {std::pair<const char*, std::string*>{"init_kwargs", &weights.init_kwargs_json},
                                      std::pair<const char*, std::string*>{kAttributesKey, &weights.attributes_json}}) {
        const auto it = metadata.find(key);
        if (it == metadata.end()) continue;
        const auto& text = it->get_ref<const std::string&>();
        const std::string error = jsonObjectError(text);
        if (!error.empty()) fail(source, std::string(kMetadataKey) + " key '" + key + "': " + error);
        *target = text;
    }
}

// Header checks shared by the writer: what parseTensorEntry would refuse.
void validateForWriting(const std::string& target, const std::string& name, const RawTensor& tensor) {
    const std::string where = target + ": tensor " + inQuotes(name) + ": ";
    if (name == kMetadataKey) {
        throw std::invalid_argument(where + "the name is reserved for the metadata");
    }
    if (dtypeSize(tensor.dtype) == 0) {
        throw std::invalid_argument(where + "dtype must be one of " + knownDTypeList() + ", found " +
                                    dtypeName(tensor.dtype));
    }
    for (std::int64_t dim : tensor.shape) {
        if (dim < 0) throw std::invalid_argument(where + "shape " + shapeText(tensor.shape) + " has a negative dim");
    }
    std::uint64_t numel = 0;
    std::uint64_t byte_count = 0;
    if (!checkedElementCount(tensor.shape, numel) ||
        __builtin_mul_overflow(numel, dtypeSize(tensor.dtype), &byte_count)) {
        throw std::invalid_argument(where + "shape " + shapeText(tensor.shape) + " is too large: its element or byte count overflows 64 bits");
    }
    if (tensor.bytes.size() != byte_count) {
        throw std::invalid_argument(where + dtypeName(tensor.dtype) + " shape " + shapeText(tensor.shape) +
                                    " needs " + std::to_string(byte_count) + " bytes, found " +
                                    std::to_string(tensor.bytes.size()));
    }
}

// JSON text of a string; invalid UTF-8 cannot be written into the header.
std::string jsonString(const std::string& target, const std::string& what, const std::string& text) {
    try {
        return json(text).dump();
    } catch (const json::exception& e) {
        throw std::invalid_argument(target + ": " + what + " " + quoteText(text) + " is not valid UTF-8 (" + jsonErrorText(e) +
                                    "); safetensors headers hold UTF-8 text only");
    }
}

std::vector<std::uint8_t> serialize(const RawWeights& weights, const std::map<std::string, std::string>& extra,
                                    const std::string& target) {
    std::map<std::string, std::string> metadata = extra;
    const auto addMetadata = [&](const char* key, const std::string& value) {
        if (value.empty()) return;
        if (!metadata.emplace(key, value).second) {
            throw std::invalid_argument(target + ": extra metadata key '" + key +
                                        "' clashes with the value taken from the weights");
        }
    };
    addMetadata("class_name", weights.class_name);
    for (const auto& [key, text] : {std::pair<const char*, const std::string*>{"init_kwargs", &weights.init_kwargs_json},
                                    std::pair<const char*, const std::string*>{kAttributesKey, &weights.attributes_json}}) {
        if (text->empty()) continue;
        const std::string error = jsonObjectError(*text);
        if (!error.empty()) throw std::invalid_argument(target + ": " + key + ": " + error);
        addMetadata(key, *text);
    }

    // Header: metadata first, then tensors in name order (std::map order),
    // with data laid out in the same order.
    std::string header = "{";
    if (!metadata.empty()) {
        header += std::string("\"") + kMetadataKey + "\":{";
        bool first = true;
        for (const auto& [key, value] : metadata) {
            header += (first ? "" : ",") + jsonString(target, "metadata key", key) + ":" +
                      jsonString(target, "metadata " + inQuotes(key), value);
            first = false;
        }
        header += "}";
    }
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : weights.tensors) {
        validateForWriting(target, name, tensor);
        std::string shape;
        for (std::int64_t dim : tensor.shape) shape += (shape.empty() ? "" : ",") + std::to_string(dim);
        header += (header.size() > 1 ? "," : "") + jsonString(target, "tensor name", name) + ":{\"dtype\":\"" +
                  dtypeName(tensor.dtype) + "\",\"shape\":[" + shape + "],\"data_offsets\":[" +
                  std::to_string(offset) + "," + std::to_string(offset + tensor.bytes.size()) + "]}";
        offset += tensor.bytes.size();
    }
    header += "}";
    // The reference library pads with spaces so the data starts 8-byte aligned.
    header.append((8 - header.size() % 8) % 8, ' ');

    std::vector<std::uint8_t> out;
    out.reserve(kPrefixBytes + header.size() + offset);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(std::uint64_t(header.size()) >> (8 * i)));
    out.insert(out.end(), header.begin(), header.end());
    for (const auto& entry : weights.tensors) {
        out.insert(out.end(), entry.second.bytes.begin(), entry.second.bytes.end());
    }
    return out;
}

}  // namespace

RawWeights parseSafetensors(const std::uint8_t* data, std::size_t size, const std::string& source_name) {
    const std::string& source = source_name;
    if (size < kPrefixBytes) {
        fail(source, "file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
    }
    const std::uint64_t header_size = readLittleEndian64(data);
    if (header_size > kSafetensorsMaxHeaderBytes) {
        fail(source, "header length " + std::to_string(header_size) + " exceeds the limit of " +
                         std::to_string(kSafetensorsMaxHeaderBytes) + " bytes");
    }
    if (header_size > size - kPrefixBytes) {
        fail(source, cutShortText(size, kPrefixBytes + header_size,
                                  "header length " + std::to_string(header_size) + " runs past the end of the file (" +
                                      std::to_string(size - kPrefixBytes) + " bytes after the length)"));
    }
    const std::uint8_t* header_begin = data + kPrefixBytes;
    const std::uint8_t* data_begin = header_begin + header_size;
    const std::uint64_t data_size = size - kPrefixBytes - header_size;

    JsonLimits limits;
    limits.max_top_level_keys = kSafetensorsMaxTensors + 1;   // one more leaves room for __metadata__
    StrictJsonResult parsed;
    try {
        parsed = parseStrictJson(header_begin, data_begin, limits);
    } catch (const json::exception& e) {
        fail(source, "header is not valid UTF-8 JSON: " + jsonErrorText(e));
    }
    if (parsed.too_many_keys) {
        fail(source, "header lists more than " + std::to_string(kSafetensorsMaxTensors) +
                         " tensors (expected 1.." + std::to_string(kSafetensorsMaxTensors) + ")");
    }
    if (const std::string problem = parsed.problem(limits); !problem.empty()) fail(source, "header " + problem);
    const json header = std::move(parsed.value);
    if (!header.is_object()) fail(source, "header must be a JSON object, found " + describe(header));

    RawWeights weights;
    weights.source = source;
    std::vector<TensorEntry> entries;
    for (const auto& [name, entry] : header.items()) {
        if (name == kMetadataKey) {
            parseMetadata(source, entry, weights);
        } else {
            entries.push_back(parseTensorEntry(source, name, entry, DataSection{kPrefixBytes + header_size, data_size}));
        }
    }

    // Like the reference library: the tensors, in offset order, must tile the
    // data section exactly. Overlaps would alias, gaps would hide bytes.
    std::sort(entries.begin(), entries.end(), [](const TensorEntry& a, const TensorEntry& b) {
        return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
    });
    std::uint64_t covered = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const TensorEntry& e = entries[i];
        const std::string where = "tensor " + inQuotes(e.name) + ": data_offsets " + rangeText(e.begin, e.end);
        if (e.begin < covered) {
            const TensorEntry& previous = entries[i - 1];
            fail(source, where + " overlap tensor " + inQuotes(previous.name) + " " +
                             rangeText(previous.begin, previous.end));
        }
        if (e.begin > covered) {
            fail(source, where + " leave bytes [" + std::to_string(covered) + ", " + std::to_string(e.begin) +
                             ") of the data section unused (tensors must be contiguous)");
        }
        covered = e.end;
    }
    if (covered != data_size) {
        fail(source, "data section is " + std::to_string(data_size) + " bytes but the tensors cover only " +
                         std::to_string(covered) + " (" + std::to_string(data_size - covered) +
                         " trailing bytes unused)");
    }

    for (TensorEntry& e : entries) {
        RawTensor tensor;
        tensor.dtype = e.dtype;
        tensor.shape = std::move(e.shape);
        tensor.bytes.assign(data_begin + e.begin, data_begin + e.end);
        weights.tensors.emplace(std::move(e.name), std::move(tensor));
    }
    return weights;
}

RawWeights readSafetensors(const std::string& path) {
    // The opener refuses directories, FIFOs and devices, and bounds the size.
    const std::vector<std::uint8_t> bytes = readCheckedFile(path, FileKind::Model);
    return parseSafetensors(bytes.data(), bytes.size(), path);
}

std::vector<std::uint8_t> serializeSafetensors(const RawWeights& weights,
                                               const std::map<std::string, std::string>& extra_metadata) {
    return serialize(weights, extra_metadata, weights.source.empty() ? "<safetensors in memory>" : weights.source);
}

void writeSafetensors(const std::string& path, const RawWeights& weights,
                      const std::map<std::string, std::string>& extra_metadata) {
    const std::vector<std::uint8_t> bytes = serialize(weights, extra_metadata, path);
    writeFileAtomic(path, bytes.data(), bytes.size());
}

}  // namespace stylemix
