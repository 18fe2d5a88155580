// Shared helpers of the StyleGAN3 tests: the fixtures in tests/data/sg3 and
// their NVIDIA-made references (see tests/data/sg3/README.md).
#pragma once

#include "model/io/safetensors.h"
#include "model/nets/generator.h"

#include <torch/torch.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <string>

namespace stylemix::testing {

inline std::filesystem::path sg3Data() { return std::filesystem::path(STYLEMIX_SOURCE_DIR) / "tests" / "data" / "sg3"; }

inline std::string sg3Fixture(const std::string& name) { return (sg3Data() / (name + ".pkl")).string(); }

// Every tensor of <name>_ref.safetensors as a CPU tensor (F32, F64 or U8).
inline std::map<std::string, torch::Tensor> sg3Reference(const std::string& name) {
    const RawWeights raw = readSafetensors((sg3Data() / (name + "_ref.safetensors")).string());
    std::map<std::string, torch::Tensor> out;
    for (const auto& [key, t] : raw.tensors) {
        torch::ScalarType type = torch::kFloat32;
        if (t.dtype == DType::F64) type = torch::kFloat64;
        else if (t.dtype == DType::U8) type = torch::kUInt8;
        else if (t.dtype != DType::F32) continue;
        torch::Tensor x = torch::empty(t.shape, type);
        std::memcpy(x.data_ptr(), t.bytes.data(), t.bytes.size());
        out.emplace(key, x);
    }
    return out;
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

inline std::string sg3ScratchDir(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::path(STYLEMIX_TEST_TMP) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

}  // namespace stylemix::testing
