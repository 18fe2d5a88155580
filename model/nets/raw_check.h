// Torch-free checks of a raw (file-format) weights file against what a
// family's architecture expects: names, shapes, dtypes, byte counts and
// values. Shared by `stylemix info` / `convert` (no LibTorch) and by the
// families' loaders (raw_tensors.h), so both refuse a file with the same words.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace stylemix {

// "[512, 3, 3]"
std::string shapeText(const std::vector<int64_t>& shape);

// One tensor a family's architecture expects of a file.
struct NamedShape {
    std::string name;
    std::vector<int64_t> shape;
};

template <class Expected>
std::vector<NamedShape> namedShapes(const std::vector<Expected>& expected) {
    std::vector<NamedShape> out;
    for (const auto& e : expected) out.push_back({e.name, e.shape});
    return out;
}

// How a family's errors word what a file lacks or has too much of.
struct ExpectedTensorWords {
    std::string noun = "tensor";   // "variable" for TF-era files
    std::string not_part_of;       // "a StyleGAN2 generator with these init_kwargs"
    std::string missing_note;      // inside "(expected shape S<note>)"
    std::string shape_note;        // after the expected shape of a mismatch
};

// Throws unless t holds exactly numel() elements of its dtype's size.
void checkTensorBytes(const RawTensor& t, const std::string& source, const std::string& name);

// Writes t's t.numel() values as float32 to `dst` (F32, F16 or BF16), checking
// its byte count and that every value is finite; errors name `source` and `name`.
void decodeFloats(const RawTensor& t, const std::string& source, const std::string& name, float* dst);

// A family's check of one tensor's decoded values; throws naming the tensor.
using TensorValueCheck = std::function<void(const std::string& name, const float* values, std::size_t count)>;

// Every tensor of `raw` must be expected, and every expected one present with
// its shape; then `visit` sees each expected tensor in order. Cancellable and
// reports progress through `hooks`.
void visitExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                          const ExpectedTensorWords& words, const ProgressHooks& hooks,
                          const std::function<void(const NamedShape&, const RawTensor&)>& visit);

// visitExpectedTensors, decoding each tensor (decodeFloats) and passing it to
// `check`: the whole validation a loader does, without keeping the values.
void checkExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                          const ExpectedTensorWords& words, const ProgressHooks& hooks = {},
                          const TensorValueCheck& check = {});

// The value of a one-element tensor as float (decoded and checked as above).
float scalarValue(const RawWeights& raw, const std::string& name);

}  // namespace stylemix
