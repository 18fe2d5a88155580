// Reader for the legacy (non-zip) torch.save stream that
// torch.storage._load_from_bytes receives when a tensor is pickled with plain
// pickle.dump: five pickles (magic number, protocol version, sys_info, the
// object with persistent ids for its storages, the sorted storage keys), then
// for each key an int64 element count and the raw little-endian data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/pickle/pickle_value.h"
#include "model/io/pickle/pickle_vm.h"

namespace stylemix::pickle {

struct LegacyTorchStream {
    const Value* object = nullptr;   // what was saved; a Storage for _load_from_bytes
    std::size_t end = 0;             // bytes of `input` consumed
};

// Storage values in the result point into input.data, which must outlive them.
// Throws PickleError naming input.source, the file offset and the field.
LegacyTorchStream parseTorchLegacyStream(const PickleInput& input, ValueArena& arena, const PickleLimits& limits);

// Parses a whole _load_from_bytes payload with default limits and checks it
// holds a storage (for the fuzz corpus replay); throws like the above.
void checkTorchStorageBytes(const std::uint8_t* data, std::size_t size, const std::string& source);

// The first byte of storage `s` (a root or a view), or throws if it has no data.
const std::uint8_t* storageData(const StorageInfo& s);

}  // namespace stylemix::pickle
