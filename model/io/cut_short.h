// Plain words for a pickle whose data ran out before its end: a download or copy
// that stopped early says so first ("this pickle is cut short (500 bytes; ...)"),
// then the parser's detail. Torch-free.
#pragma once

#include "model/io/pickle/pickle_limits.h"

#include <cstdint>
#include <string>

namespace stylemix {

// The message for `e`, thrown while unpickling a whole file of `file_size`
// bytes named `source` (as displayPath shows it):
// - the file ran out (the VM wanted bytes past its end): "SOURCE: this pickle is
//   cut short (N bytes; the data stops inside ...): the download or copy stopped
//   early, fetch the file again (detail: offset 2: opcode 0x95 FRAME: ...)";
// - a length declares more than any model file may hold: "SOURCE: this pickle is
//   damaged (N bytes; ...) (detail: ...)", as no longer copy would help;
// - "" when the input that ran out is not the file (a record inside it): the
//   original message stands.
std::string describeTruncatedPickle(const std::string& source, std::uint64_t file_size,
                                    const pickle::TruncatedError& e);

}  // namespace stylemix
