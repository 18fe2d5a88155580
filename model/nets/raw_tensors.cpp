#include "model/nets/raw_tensors.h"

#include <cstring>

namespace stylemix {

torch::Tensor rawToFloatTensor(const RawTensor& t, const std::string& source, const std::string& name) {
    checkTensorBytes(t, source, name);   // before allocating what the shape claims
    torch::Tensor out = torch::empty(t.shape, torch::kFloat32);
    decodeFloats(t, source, name, out.data_ptr<float>());
    return out;
}

RawTensor floatTensorToRaw(const torch::Tensor& tensor) {
    const torch::Tensor t = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
    RawTensor r;
    r.dtype = DType::F32;
    r.shape = t.sizes().vec();
    r.bytes.resize(static_cast<size_t>(t.numel()) * 4);
    std::memcpy(r.bytes.data(), t.data_ptr<float>(), r.bytes.size());
    return r;
}

std::map<std::string, torch::Tensor> loadExpectedTensors(const RawWeights& raw, const std::vector<NamedShape>& expected,
                                                         const ExpectedTensorWords& words, const ProgressHooks& hooks,
                                                         const TensorValueCheck& check) {
    std::map<std::string, torch::Tensor> out;
    visitExpectedTensors(raw, expected, words, hooks, [&](const NamedShape& e, const RawTensor& t) {
        torch::Tensor value = rawToFloatTensor(t, raw.source, e.name);
        if (check) check(e.name, value.data_ptr<float>(), static_cast<std::size_t>(value.numel()));
        out.emplace(e.name, std::move(value));
    });
    return out;
}

}  // namespace stylemix
