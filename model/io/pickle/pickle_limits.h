// Limits that keep a hostile pickle harmless, and the errors the reader throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace stylemix::pickle {

// Any malformed, truncated or refused input.
class PickleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The input ran out: a read, a FRAME or the final STOP needed bytes past its end.
// Readers of whole files tell a file cut short (a download or copy that stopped)
// from other damage with it; what() reads as any PickleError's.
class TruncatedError : public PickleError {
public:
    TruncatedError(const std::string& message, std::string detail, std::size_t input_end, std::uint64_t needed_end,
                   std::size_t opcode_offset, std::string inside)
        : PickleError(message), detail(std::move(detail)), input_end(input_end), needed_end(needed_end),
          opcode_offset(opcode_offset), inside(std::move(inside)) {}

    std::string detail;            // the message without its source: "offset 2: opcode 0x95 FRAME: truncated: ..."
    std::size_t input_end;         // file offset where the input ended (base_offset + size)
    std::uint64_t needed_end;      // file offset the data had to reach; 0 when unknown (a line without its newline)
    std::size_t opcode_offset;     // file offset of the opcode being read
    std::string inside;            // what was being read: "frame", "bytes data", ...; "" for the missing STOP
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
