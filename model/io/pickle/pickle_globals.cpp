#include "model/io/pickle/pickle_globals.h"

#include <iterator>

namespace stylemix::pickle {

namespace {

constexpr DType kNone = DType::Unknown;

// numpy moved its internals from numpy.core to numpy._core in 2.0; files
// written by either version name their own path.
const GlobalInfo kAllowed[] = {
    {"collections", "OrderedDict", GlobalId::OrderedDict, GlobalRole::DictType, kNone},
    {"dnnlib.util", "EasyDict", GlobalId::EasyDict, GlobalRole::DictType, kNone},
    {"builtins", "set", GlobalId::Set, GlobalRole::SetType, kNone},
    {"builtins", "frozenset", GlobalId::Set, GlobalRole::SetType, kNone},
    {"__builtin__", "set", GlobalId::Set, GlobalRole::SetType, kNone},
    {"__builtin__", "frozenset", GlobalId::Set, GlobalRole::SetType, kNone},
    {"_codecs", "encode", GlobalId::CodecsEncode, GlobalRole::BytesCodec, kNone},
    {"torch_utils.persistence", "_reconstruct_persistent_obj", GlobalId::ReconstructPersistentObj,
     GlobalRole::Placeholder, kNone},
    {"torch._utils", "_rebuild_tensor_v2", GlobalId::RebuildTensorV2, GlobalRole::Placeholder, kNone},
    {"torch._utils", "_rebuild_parameter", GlobalId::RebuildParameter, GlobalRole::Placeholder, kNone},
    {"torch._utils", "_rebuild_parameter_with_state", GlobalId::RebuildParameterWithState,
     GlobalRole::Placeholder, kNone},
    {"torch.storage", "_load_from_bytes", GlobalId::LoadFromBytes, GlobalRole::Placeholder, kNone},
    {"torch", "FloatStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::F32},
    {"torch", "HalfStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::F16},
    {"torch", "BFloat16Storage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::BF16},
    {"torch", "DoubleStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::F64},
    {"torch", "LongStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::I64},
    {"torch", "IntStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::I32},
    {"torch", "ShortStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::I16},
    {"torch", "CharStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::I8},
    {"torch", "ByteStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::U8},
    {"torch", "BoolStorage", GlobalId::StorageType, GlobalRole::ValueOnly, DType::Bool},
    {"numpy.core.multiarray", "_reconstruct", GlobalId::NumpyReconstruct, GlobalRole::Placeholder, kNone},
    {"numpy._core.multiarray", "_reconstruct", GlobalId::NumpyReconstruct, GlobalRole::Placeholder, kNone},
    {"numpy.core.multiarray", "scalar", GlobalId::NumpyScalar, GlobalRole::Placeholder, kNone},
    {"numpy._core.multiarray", "scalar", GlobalId::NumpyScalar, GlobalRole::Placeholder, kNone},
    {"numpy", "dtype", GlobalId::NumpyDtype, GlobalRole::Placeholder, kNone},
    {"numpy", "ndarray", GlobalId::NumpyNdarray, GlobalRole::Placeholder, kNone},
    {"dnnlib.tflib.network", "Network", GlobalId::TfNetwork, GlobalRole::Placeholder, kNone},
};

}  // namespace

const GlobalInfo* findAllowedGlobal(std::string_view module, std::string_view name) {
    for (const GlobalInfo& info : kAllowed) {
        if (module == info.module && name == info.name) return &info;
    }
    return nullptr;
}

std::string qualifiedName(const GlobalInfo& info) {
    return std::string(info.module) + "." + info.name;
}

}  // namespace stylemix::pickle
