// Native, safe reader for NVIDIA network pickles (network-snapshot-*.pkl,
// ffhq.pkl, stylegan2-*.pkl): a dict {G, D, G_ema, augment_pipe,
// training_set_kwargs, ...} whose networks are torch_utils.persistence
// objects. The file is parsed by a restricted pickle VM that never imports or
// runs anything (the module source stored in the file is ignored); G_ema (or
// G) is turned into official state_dict names + its constructor kwargs, for
// the usual weights validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/io/pickle/pickle_limits.h"
#include "model/io/raw_weights.h"

namespace stylemix {

// True for a .pkl/.pickle path, or a file that starts like a protocol 2-5
// pickle (0x80 0x02..0x05) and not like a safetensors header.
// Opens the file through CheckedFile (never blocks); false when it cannot be read.
bool looksLikePickle(const std::string& path);
bool hasPickleExtension(const std::string& path);                 // .pkl / .pickle, any case
bool startsLikePickle(const std::uint8_t* head, std::size_t size);   // the content test above

// Reads G_ema (G when absent) of a network pickle as found: container
// PyTorchPickle, class_name the pickled class ("Generator"), init_kwargs_json
// the constructor kwargs (positional ones named), the state_dict tensors, and
// the plain attributes of G.synthesis and its submodules in attributes_json.
// Which family it is (StyleGAN2, StyleGAN3...) is for model/nets to decide.
// Throws pickle::PickleError (a std::runtime_error) whose message starts with
// the path and names the offset/opcode or the network field at fault. The
// file is read through readCheckedFile (FileKind::Model).
RawWeights readNetworkPickle(const std::string& path);

RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source);
RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source,
                              const pickle::PickleLimits& limits);

}  // namespace stylemix
