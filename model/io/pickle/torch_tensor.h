// Turns the tensor placeholders of a plain pickle.dump into RawTensors:
// _rebuild_parameter[_with_state](tensor, ...) and
// _rebuild_tensor_v2(storage, offset, size, stride, ...), whose storage is
// _load_from_bytes(<legacy torch.save stream>). Views are materialised as
// contiguous bytes after checking every element lies inside the storage.
#pragma once

#include <map>
#include <string>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/pickle/pickle_value.h"
#include "model/io/pickle/pickle_vm.h"
#include "model/io/raw_weights.h"

namespace stylemix::pickle {

class TorchTensorReader {
public:
    // `file` is the whole outer pickle; nested streams report offsets in it.
    TorchTensorReader(const PickleInput& file, ValueArena& arena, const PickleLimits& limits)
        : file_(file), arena_(arena), limits_(limits) {}

    static bool isTensor(const Value* v);

    // Throws PickleError prefixed with the source and `what` (e.g. the tensor's name).
    RawTensor read(const Value* v, const std::string& what);

private:
    const Value* storageOf(const Value* v, const std::string& what);

    const PickleInput& file_;
    ValueArena& arena_;
    const PickleLimits& limits_;
    std::map<const Value*, const Value*> loaded_;   // _load_from_bytes call -> its storage
};

}  // namespace stylemix::pickle
