// Torch-free, in-memory form of a weights file as read from disk: tensor bytes
// in their stored dtype plus the generator's constructor kwargs. Both file
// readers (safetensors, NVIDIA pickles) produce this; weights.cpp validates it
// and turns it into LibTorch tensors.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace stylemix {

// Storage dtypes a weights file may hold. Only F32/F16/BF16 are accepted for
// generator tensors; the others exist so readers can report what they found.
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool, Unknown };

const char* dtypeName(DType dtype);    // "F32", "F16", ... (safetensors spelling)
std::size_t dtypeSize(DType dtype);    // bytes per element; 0 for Unknown

struct RawTensor {
    DType dtype = DType::Unknown;
    std::vector<std::int64_t> shape;   // empty = scalar
    std::vector<std::uint8_t> bytes;   // contiguous, row-major, little-endian

    std::int64_t numel() const;
};

struct RawWeights {
    std::string source;             // file path, used in error messages
    std::string class_name;         // e.g. "training.networks_stylegan2.Generator"; may be empty
    std::string init_kwargs_json;   // generator constructor kwargs as a JSON object text
    std::map<std::string, RawTensor> tensors;   // official state_dict names
    std::vector<std::string> notes;             // what the reader chose for the user (see ModelDescription::notes)
    // Plain attributes of modules whose architecture lives there as well as in
    // init_kwargs (StyleGAN3's sizes, rates, cutoffs, padding, layer_names), as
    // a JSON object {"synthesis.L0_36_512": {"padding": [..], ...}, ...}; empty
    // when the format has none.
    std::string attributes_json;
    // SHA-256 (hex) of the file's bytes exactly as read (readWeightsFile), which
    // recipes pin; empty for weights not read from a file.
    std::string sha256;
};

}  // namespace stylemix
