#include "model/io/raw_weights.h"

namespace stylemix {

const char* dtypeName(DType dtype) {
    switch (dtype) {
        case DType::F32: return "F32";
        case DType::F16: return "F16";
        case DType::BF16: return "BF16";
        case DType::F64: return "F64";
        case DType::I64: return "I64";
        case DType::I32: return "I32";
        case DType::I16: return "I16";
        case DType::I8: return "I8";
        case DType::U8: return "U8";
        case DType::Bool: return "BOOL";
        case DType::Unknown: break;
    }
    return "unknown";
}

std::size_t dtypeSize(DType dtype) {
    switch (dtype) {
        case DType::F64: case DType::I64: return 8;
        case DType::F32: case DType::I32: return 4;
        case DType::F16: case DType::BF16: case DType::I16: return 2;
        case DType::I8: case DType::U8: case DType::Bool: return 1;
        case DType::Unknown: break;
    }
    return 0;
}

const char* containerName(Container container) {
    switch (container) {
        case Container::Safetensors: return "safetensors file";
        case Container::PyTorchPickle: return "PyTorch network pickle";
        case Container::TfPickle: return "TensorFlow-era pickle";
    }
    return "file";
}

std::int64_t RawTensor::numel() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

}  // namespace stylemix
