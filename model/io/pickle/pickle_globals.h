// The allow-list of Python globals a network pickle may name. A GLOBAL or
// STACK_GLOBAL outside it fails the load ("refusing global os.system"); the
// ones inside only ever become inert placeholders: nothing is imported.
#pragma once

#include <string>
#include <string_view>

#include "model/io/raw_weights.h"

namespace stylemix::pickle {

enum class GlobalId {
    OrderedDict,                 // collections.OrderedDict
    EasyDict,                    // dnnlib.util.EasyDict
    Set,                         // builtins.set / frozenset (protocol < 4 pickles sets by REDUCE)
    CodecsEncode,                // _codecs.encode(str, "latin1"): how protocol 2 writes bytes
    ReconstructPersistentObj,    // torch_utils.persistence._reconstruct_persistent_obj
    RebuildTensorV2,             // torch._utils._rebuild_tensor_v2
    RebuildParameter,            // torch._utils._rebuild_parameter
    RebuildParameterWithState,   // torch._utils._rebuild_parameter_with_state
    LoadFromBytes,               // torch.storage._load_from_bytes
    StorageType,                 // torch.FloatStorage, ...: only used as a value
    NumpyReconstruct,            // numpy.core.multiarray._reconstruct
    NumpyScalar,                 // numpy.core.multiarray.scalar
    NumpyDtype,                  // numpy.dtype
    NumpyNdarray,                // numpy.ndarray
    TfNetwork,                   // dnnlib.tflib.network.Network (TF-era pickles)
};

// What the VM may do with a global.
enum class GlobalRole {
    DictType,      // REDUCE/NEWOBJ build a dict
    SetType,       // REDUCE builds a set
    BytesCodec,    // REDUCE decodes latin-1 text into bytes
    Placeholder,   // REDUCE/NEWOBJ record an Object for typed interpretation
    ValueOnly,     // may appear as a value, never be called
};

struct GlobalInfo {
    const char* module;
    const char* name;
    GlobalId id;
    GlobalRole role;
    DType dtype;   // StorageType: element type of the storage
};

// nullptr when (module, name) is not allowed.
const GlobalInfo* findAllowedGlobal(std::string_view module, std::string_view name);

std::string qualifiedName(const GlobalInfo& info);   // "module.name"

}  // namespace stylemix::pickle
