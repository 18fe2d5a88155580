// A restricted pickle virtual machine (protocols 2-5). It builds inert
// values only: globals must be on the allow-list (pickle_globals.h) and
// REDUCE / NEWOBJ / BUILD merely record what Python would have called.
// Every read is bounds-checked, and the limits in PickleLimits cap nesting,
// the stack, the memo, string sizes and total allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/pickle/pickle_value.h"

namespace stylemix::pickle {

// A byte range to unpickle from. base_offset is where `data` sits in the file
// named `source`, so nested streams report file offsets in their errors.
struct PickleInput {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t base_offset = 0;
    std::string source;
};

// Resolves a BINPERSID id (torch storages); `offset` is the opcode's file
// offset for messages. Without one, any persistent id is refused.
using PersistentLoad = std::function<Value*(const Value* pid, std::size_t offset)>;

struct PickleResult {
    Value* value = nullptr;
    std::size_t end = 0;   // input offset just past STOP (another pickle may follow)
};

// Runs the pickle starting at `offset`. Throws PickleError (or LimitError)
// naming the source, the file offset, the opcode, what was expected and found.
PickleResult runPickle(const PickleInput& input, std::size_t offset, ValueArena& arena,
                       const PickleLimits& limits, const PersistentLoad& persistent_load = nullptr);

// "SHORT_BINUNICODE", ... or nullptr for a byte that is no opcode.
const char* opcodeName(std::uint8_t opcode);

}  // namespace stylemix::pickle
