// Raw (file-format) tensors to LibTorch, shared by the families' loaders.
#pragma once

#include "model/core/cancel.h"
#include "model/io/raw_weights.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace stylemix {

// "[512, 3, 3]"
std::string shapeText(const std::vector<int64_t>& shape);

// A float32 CPU tensor of `t` (F32, F16 or BF16), checked for its byte count
// and finiteness; errors name `source` and `name`.
torch::Tensor rawToFloatTensor(const RawTensor& t, const std::string& source, const std::string& name);

// The reverse, for writing files: a float32 RawTensor of any tensor.
RawTensor floatTensorToRaw(const torch::Tensor& tensor);

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

// Every tensor of `raw` must be expected, and every expected one present with
// its shape; each is converted (rawToFloatTensor), passed to `check` (which may
// throw, naming it) and kept. Cancellable and reports progress through `hooks`.
std::map<std::string, torch::Tensor> loadExpectedTensors(
    const RawWeights& raw, const std::vector<NamedShape>& expected, const ExpectedTensorWords& words,
    const ProgressHooks& hooks,
    const std::function<void(const std::string& name, const torch::Tensor& value)>& check = {});

}  // namespace stylemix
