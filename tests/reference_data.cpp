#include "tests/reference_data.h"

#include "model/io/safetensors.h"
#include "model/io/weights_file.h"
#include "model/nets/stylegan2/stylegan2_weights.h"

#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>

namespace stylemix::testing {

std::string referenceDir() { return std::string(STYLEMIX_REFERENCE_DIR) + "/avatars64"; }

bool haveReference() { return std::filesystem::exists(referenceDir() + "/cases.safetensors"); }

std::string defaultModelPath() { return std::string(STYLEMIX_SOURCE_DIR) + "/assets/avatars64.safetensors"; }

std::string scratchDir(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::path(STYLEMIX_TEST_TMP) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

torch::Tensor referenceTensor(const std::string& name) {
    static std::mutex mutex;
    static std::map<std::string, RawTensor> cache;
    std::lock_guard<std::mutex> lock(mutex);
    if (cache.empty()) cache = readSafetensors(referenceDir() + "/cases.safetensors").tensors;
    const RawTensor& t = cache.at(name);
    const auto dtype = t.dtype == DType::F64 ? torch::kFloat64 : torch::kFloat32;
    torch::Tensor out = torch::empty(t.shape, dtype);
    std::memcpy(out.data_ptr(), t.bytes.data(), t.bytes.size());
    return out;
}

const StyleGan2Generator& defaultGenerator() {
    static std::unique_ptr<StyleGan2Generator> generator = [] {
        const RawWeights raw = readSafetensors(defaultModelPath());
        const StyleGan2Config config = configFromRaw(raw);
        return std::make_unique<StyleGan2Generator>(config, validateWeights(raw, config), torch::kCPU);
    }();
    return *generator;
}

}  // namespace stylemix::testing
