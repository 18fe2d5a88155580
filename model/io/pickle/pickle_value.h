// Inert values built by the restricted pickle reader. Nothing here can run
// code: a Python global is only a (module, name) pair from the allow-list, and
// a "call" of one (REDUCE / NEWOBJ) is recorded as an Object holding the
// callable and its arguments for later, typed interpretation.
//
// Values live in a ValueArena and point at each other with plain pointers, so
// the cyclic graphs a pickle can build (a list that contains itself) are
// freed without recursion or leaks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/io/pickle/pickle_globals.h"
#include "model/io/pickle/pickle_limits.h"

namespace stylemix::pickle {

enum class Kind {
    None, Bool, Int, BigInt, Float, Str, Bytes,
    Tuple, List, Dict, Set,
    Global,    // an allow-listed class or function, never resolved to code
    Object,    // callable(args) recorded by REDUCE/NEWOBJ, plus BUILD state
    Storage,   // a torch storage from a legacy torch.save stream
};

const char* kindName(Kind kind);

struct Value;

// Torch storage: `numel` elements of `dtype`. `data` is filled in once the
// storage section of its legacy stream has been read; views point at a root.
struct StorageInfo {
    DType dtype = DType::Unknown;
    std::string key;               // storage key inside its stream
    std::int64_t numel = 0;        // elements, as declared by the persistent id
    const Value* root = nullptr;   // for views: the storage this one slices
    std::int64_t view_offset = 0;  // elements into root
    const std::uint8_t* data = nullptr;   // numel * dtypeSize(dtype) bytes once bound
};

struct Value {
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string text;              // Str; Global: "module.name"
    const std::uint8_t* bytes = nullptr;   // Bytes, BigInt (little-endian two's complement)
    std::size_t nbytes = 0;
    std::vector<const Value*> items;       // Tuple, List, Set
    std::vector<std::pair<const Value*, const Value*>> entries;   // Dict, in insertion order
    const GlobalInfo* global = nullptr;    // Global
    const Value* callable = nullptr;       // Object: the Global that was "called"
    const Value* args = nullptr;           // Object: argument tuple
    const Value* state = nullptr;          // Object: BUILD state, or nullptr
    std::unique_ptr<StorageInfo> storage;  // Storage
    int depth = 0;                         // container nesting, checked against limits

    bool is(Kind k) const { return kind == k; }
    // For Object: is it a call of this allow-listed function?
    bool isCallOf(GlobalId id) const;
    // Dict lookup by str key; the last insertion wins, as in Python.
    const Value* find(const std::string& key) const;
};

// "str", "dict", "global os.system", "call of torch._utils._rebuild_tensor_v2", ...
std::string describe(const Value* value);

// Owns every value of one parse and accounts for what they allocate.
class ValueArena {
public:
    explicit ValueArena(std::size_t budget_bytes) : budget_(budget_bytes) {}
    ValueArena(const ValueArena&) = delete;
    ValueArena& operator=(const ValueArena&) = delete;

    Value* make(Kind kind);
    // Owned copy of bytes (e.g. decoded latin-1 text); the pointer stays valid.
    const std::uint8_t* keep(std::vector<std::uint8_t> data);
    // Records `bytes` more of allocation; throws LimitError past the budget.
    void charge(std::size_t bytes, const char* what);
    std::size_t used() const { return used_; }
    std::size_t budget() const { return budget_; }

private:
    std::vector<std::unique_ptr<Value>> values_;
    std::vector<std::unique_ptr<std::vector<std::uint8_t>>> owned_;
    std::size_t used_ = 0;
    std::size_t budget_;
};

}  // namespace stylemix::pickle
