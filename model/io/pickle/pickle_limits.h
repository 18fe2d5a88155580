// Limits that keep a hostile pickle harmless, and the errors the reader throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace stylemix::pickle {

// Any malformed, truncated or refused input.
class PickleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A limit below was hit (a subclass so tests can tell the two apart).
class LimitError : public PickleError {
public:
    using PickleError::PickleError;
};

struct PickleLimits {
    // Container nesting (tuple in list in dict ...) and open MARKs. Real
    // network pickles stay below 20; Python itself cannot write beyond ~1000.
    int max_depth = 256;
    // Entries on the VM stack (APPENDS batches are 1000 items).
    std::size_t max_stack = 1u << 20;
    // Memo slots. NVIDIA's largest files use well under 100k.
    std::size_t max_memo = 1u << 21;
    // A single str is copied; module_src is the largest real one (~100 KB).
    std::size_t max_str_bytes = 64u << 20;
    // Python ints wider than this are refused (the torch magic number is 10).
    std::size_t max_bigint_bytes = 1024;
    // Accounted allocation (values, containers, strings, memo, decoded
    // tensors) may not exceed base + per_input_byte * input size.
    std::size_t budget_base_bytes = 64u << 20;
    std::size_t budget_per_input_byte = 2;

    std::size_t budgetFor(std::size_t input_size) const;
};

}  // namespace stylemix::pickle
