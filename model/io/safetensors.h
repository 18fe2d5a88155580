// Reader and writer for the safetensors format (huggingface/safetensors):
// an 8-byte little-endian header length N, N bytes of JSON describing every
// tensor, then the tensor data. The reader is strict like the reference
// implementation: every tensor is checked, and the tensors must tile the data
// section exactly (no overlaps, no gaps, no trailing bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/io/raw_weights.h"

namespace stylemix {

// Headers above this are refused before allocating (the reference library's limit).
constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;
// Generators hold a few hundred tensors; a header listing more is refused as
// soon as the parser reaches the limit (parsing is linear in the header).
constexpr std::size_t kSafetensorsMaxTensors = 65'536;

// Reads and validates a whole file (opened through readCheckedFile). Throws std::runtime_error whose message
// starts with `path` and names the field or tensor at fault.
RawWeights readSafetensors(const std::string& path);

// Parses an in-memory file; `source_name` prefixes error messages and becomes
// RawWeights::source. __metadata__ "init_kwargs" (must be a JSON object) and
// "class_name" are copied when present; other metadata keys are ignored.
RawWeights parseSafetensors(const std::uint8_t* data, std::size_t size, const std::string& source_name);

// Serialises `weights` the way the reference library does: tensors sorted by
// name, contiguous data, header padded with spaces to a multiple of 8 bytes.
// __metadata__ gets init_kwargs and class_name when non-empty plus
// `extra_metadata` (which must not repeat those keys). Throws
// std::invalid_argument naming the tensor or field if `weights` could not be
// read back (unknown dtype, byte count not matching the shape, ...).
std::vector<std::uint8_t> serializeSafetensors(const RawWeights& weights,
                                               const std::map<std::string, std::string>& extra_metadata = {});

// serializeSafetensors + writeFileAtomic: the target is either replaced whole or untouched.
void writeSafetensors(const std::string& path, const RawWeights& weights,
                      const std::map<std::string, std::string>& extra_metadata = {});

}  // namespace stylemix
