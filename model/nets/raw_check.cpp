#include "model/nets/raw_check.h"

#include "model/io/message_text.h"

#include "model/io/half_float.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

namespace stylemix {

std::string shapeText(const std::vector<int64_t>& shape) {
    constexpr size_t kShown = 8;   // a file can claim millions of dims
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size() && i < kShown; ++i) s << (i ? ", " : "") << shape[i];
    if (shape.size() > kShown) s << ", ... (" << shape.size() << " dims)";
    s << "]";
    return s.str();
}

void checkTensorBytes(const RawTensor& t, const std::string& source, const std::string& name) {
    const int64_t n = t.numel();
    if (t.bytes.size() != static_cast<size_t>(n) * dtypeSize(t.dtype))
        throw std::runtime_error(source + ": tensor " + quoteText(name) + " holds " + std::to_string(t.bytes.size()) +
                                 " bytes, expected " + std::to_string(n * static_cast<int64_t>(dtypeSize(t.dtype))));
}

void decodeFloats(const RawTensor& t, const std::string& source, const std::string& name, float* dst) {
    checkTensorBytes(t, source, name);
    const int64_t n = t.numel();
    const uint8_t* src = t.bytes.data();
    switch (t.dtype) {
        case DType::F32: std::memcpy(dst, src, static_cast<size_t>(n) * 4); break;
        case DType::F16:
        case DType::BF16:
            for (int64_t i = 0; i < n; ++i) {
                uint16_t h;
                std::memcpy(&h, src + 2 * i, 2);
                dst[i] = t.dtype == DType::F16 ? halfToFloat(h) : bfloat16ToFloat(h);
            }
            break;
        default:
            throw std::runtime_error(source + ": tensor " + quoteText(name) + " has dtype " + dtypeName(t.dtype) +
                                     ", expected F32, F16 or BF16");
    }
    // One pass over the floats just written.
    if (!std::all_of(dst, dst + n, [](float v) { return std::isfinite(v); }))
        throw std::runtime_error(source + ": tensor " + quoteText(name) + " contains NaN or infinite values");
}

void visitExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                          const ExpectedTensorWords& words, const ProgressHooks& hooks,
                          const std::function<void(const NamedShape&, const RawTensor&)>& visit) {
    std::set<std::string> names;
    for (const auto& e : expected) names.insert(e.name);
    for (const auto& [name, t] : raw.tensors)
        if (!names.count(name))
            throw std::runtime_error(raw.source + ": unexpected " + words.noun + " " + quoteText(name) + " " + shapeText(t.shape) +
                                     " (not part of " + words.not_part_of + ")");
    std::size_t done = 0;
    for (const auto& e : expected) {
        hooks.check();
        const auto it = raw.tensors.find(e.name);
        if (it == raw.tensors.end())
            throw std::runtime_error(raw.source + ": missing " + words.noun + " " + quoteText(e.name) + " (expected shape " +
                                     shapeText(e.shape) + words.missing_note + ")");
        if (it->second.shape != e.shape)
            throw std::runtime_error(raw.source + ": " + words.noun + " " + quoteText(e.name) + " has wrong shape; expected " +
                                     shapeText(e.shape) + words.shape_note + ", got " + shapeText(it->second.shape));
        visit(e, it->second);
        hooks.report(static_cast<float>(++done) / static_cast<float>(expected.size()));
    }
}

void checkExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                          const ExpectedTensorWords& words, const ProgressHooks& hooks, const TensorValueCheck& check) {
    std::vector<float> values;   // reused: one tensor's floats at a time
    visitExpectedTensors(raw, expected, words, hooks, [&](const NamedShape& e, const RawTensor& t) {
        checkTensorBytes(t, raw.source, e.name);   // before allocating what the shape claims
        values.resize(static_cast<std::size_t>(t.numel()));
        decodeFloats(t, raw.source, e.name, values.data());
        if (check) check(e.name, values.data(), values.size());
    });
}

float scalarValue(const RawWeights& raw, const std::string& name) {
    const auto it = raw.tensors.find(name);
    if (it == raw.tensors.end()) throw std::runtime_error(raw.source + ": missing tensor " + quoteText(name));
    if (it->second.numel() != 1)
        throw std::runtime_error(raw.source + ": tensor " + quoteText(name) + " has shape " + shapeText(it->second.shape) +
                                 ", expected one value");
    float value = 0;
    decodeFloats(it->second, raw.source, name, &value);
    return value;
}

}  // namespace stylemix
