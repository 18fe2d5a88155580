#include "model/weights.h"

#include "model/half_float.h"

#include <cstring>
#include <set>
#include <sstream>

namespace stylemix {
namespace {

std::string shapeText(const std::vector<int64_t>& shape) {
    std::ostringstream s;
    s << "[";
    for (size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << "]";
    return s.str();
}

bool isStyleGan2Class(const std::string& name) {
    return name == "training.networks_stylegan2.Generator" || name == "training.networks.Generator";
}

torch::Tensor toFloatTensor(const RawTensor& t, const std::string& source, const std::string& name) {
    const int64_t n = t.numel();
    torch::Tensor out = torch::empty(t.shape, torch::kFloat32);
    float* dst = out.data_ptr<float>();
    const uint8_t* src = t.bytes.data();
    if (t.bytes.size() != static_cast<size_t>(n) * dtypeSize(t.dtype))
        throw std::runtime_error(source + ": tensor '" + name + "' holds " + std::to_string(t.bytes.size()) +
                                 " bytes, expected " + std::to_string(n * static_cast<int64_t>(dtypeSize(t.dtype))));
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
            throw std::runtime_error(source + ": tensor '" + name + "' has dtype " + dtypeName(t.dtype) +
                                     ", expected F32, F16 or BF16");
    }
    return out;
}

}  // namespace

GeneratorConfig configFromRaw(const RawWeights& raw) {
    if (!raw.class_name.empty() && !isStyleGan2Class(raw.class_name)) {
        if (raw.class_name.find("stylegan3") != std::string::npos)
            throw std::runtime_error(raw.source + ": class '" + raw.class_name +
                                     "' is a StyleGAN3 generator: StyleGAN3 is not supported yet");
        throw std::runtime_error(raw.source + ": class '" + raw.class_name +
                                 "' is not a StyleGAN2 generator (expected training.networks_stylegan2.Generator)");
    }
    if (raw.init_kwargs_json.empty())
        throw std::runtime_error(raw.source + ": no 'init_kwargs' metadata: cannot tell the generator's architecture");
    return GeneratorConfig::fromJson(raw.init_kwargs_json, raw.source);
}

std::map<std::string, torch::Tensor> validateWeights(const RawWeights& raw, const GeneratorConfig& config,
                                                     const ProgressHooks& hooks) {
    const auto expected = config.expectedTensors();
    std::set<std::string> expected_names;
    for (const auto& e : expected) expected_names.insert(e.name);
    for (const auto& [name, t] : raw.tensors)
        if (!expected_names.count(name))
            throw std::runtime_error(raw.source + ": unexpected tensor '" + name + "' " + shapeText(t.shape) +
                                     " (not part of a StyleGAN2 generator with these init_kwargs)");

    std::map<std::string, torch::Tensor> out;
    size_t done = 0;
    for (const auto& e : expected) {
        hooks.check();
        auto it = raw.tensors.find(e.name);
        if (it == raw.tensors.end())
            throw std::runtime_error(raw.source + ": missing tensor '" + e.name + "' (expected shape " +
                                     shapeText(e.shape) + ")");
        const RawTensor& t = it->second;
        if (t.shape != e.shape)
            throw std::runtime_error(raw.source + ": tensor '" + e.name + "' has wrong shape; expected " +
                                     shapeText(e.shape) + ", got " + shapeText(t.shape));
        torch::Tensor f = toFloatTensor(t, raw.source, e.name);
        if (!torch::isfinite(f).all().item<bool>())
            throw std::runtime_error(raw.source + ": tensor '" + e.name + "' contains NaN or infinite values");
        out.emplace(e.name, std::move(f));
        hooks.report(static_cast<float>(++done) / static_cast<float>(expected.size()));
    }
    return out;
}

std::unique_ptr<Generator> loadGenerator(const std::string& path, torch::Device device, Precision precision,
                                         const ProgressHooks& hooks) {
    hooks.check();
    const RawWeights raw = readWeightsFile(path);
    const GeneratorConfig config = configFromRaw(raw);
    auto tensors = validateWeights(raw, config, hooks);
    hooks.check();
    return std::make_unique<Generator>(config, std::move(tensors), device, precision);
}

RawWeights exportRaw(const std::map<std::string, torch::Tensor>& state_dict, const GeneratorConfig& config) {
    RawWeights raw;
    raw.class_name = "training.networks_stylegan2.Generator";
    raw.init_kwargs_json = config.toJson();
    for (const auto& [name, tensor] : state_dict) {
        const torch::Tensor t = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
        RawTensor r;
        r.dtype = DType::F32;
        r.shape = t.sizes().vec();
        r.bytes.resize(static_cast<size_t>(t.numel()) * 4);
        std::memcpy(r.bytes.data(), t.data_ptr<float>(), r.bytes.size());
        raw.tensors.emplace(name, std::move(r));
    }
    return raw;
}

}  // namespace stylemix
