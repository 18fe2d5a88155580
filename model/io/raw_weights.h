// Torch-free, in-memory form of a weights file as read from disk: tensor bytes
// in their stored dtype plus the container, the class (or build function) and
// the kwargs exactly as the file holds them. The readers in model/io only read
// and record; which family a file is, and any translation into the family's
// own layout, is decided in model/nets (family_reader.h).
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

// The kind of file the weights came from. A family's own form (what its
// .safetensors files hold, FamilyReader::adopt) is Safetensors.
enum class Container { Safetensors, PyTorchPickle, TfPickle };

const char* containerName(Container container);   // "safetensors file", "PyTorch network pickle", ...

// A sub-network stored with its own build function and kwargs (a TF-era
// Network's components: "mapping", "synthesis"); its variables are in
// RawWeights::tensors as "<key>/<name>".
struct RawComponent {
    std::string key;           // "mapping"; nested components "synthesis/inner"
    std::string class_name;    // the build function, e.g. "G_mapping"
    std::string kwargs_json;   // its static_kwargs as a JSON object text
};

struct RawWeights {
    std::string source;             // file path, used in error messages
    Container container = Container::Safetensors;
    // The class or build function as the file names it: a safetensors
    // "class_name" ("training.networks_stylegan2.Generator"; may be empty), a
    // PyTorch pickle's persistent class ("Generator"), a TF Gs build function
    // ("G_style", "G_main").
    std::string class_name;
    std::string init_kwargs_json;   // constructor / static kwargs as a JSON object text, as found
    std::vector<RawComponent> components;        // TF pickles only
    // Safetensors and PyTorch pickles: state_dict names; TF pickles: Gs's own
    // variable names and "<component>/<name>".
    std::map<std::string, RawTensor> tensors;
    std::vector<std::string> notes;             // what the reader chose for the user (see ModelDescription::notes)
    // Plain attributes of the synthesis network and its direct submodules
    // (PyTorch pickles; StyleGAN3 keeps its sizes, rates, cutoffs, padding and
    // layer_names there as well as in init_kwargs), as a JSON object
    // {"synthesis.L0_36_512": {"padding": [..], ...}, ...}; empty when the
    // file has none.
    std::string attributes_json;
    // SHA-256 (hex) of the file's bytes exactly as read (readWeightsFile), which
    // recipes pin; empty for weights not read from a file.
    std::string sha256;
};

}  // namespace stylemix
