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

// Reads G_ema (G when absent) of a StyleGAN2 or StyleGAN3 network pickle.
// class_name is "training.networks_stylegan2.Generator" (stylegan3 repo),
// "training.networks.Generator" (stylegan2-ada-pytorch: nested
// synthesis_kwargs) or "training.networks_stylegan3.Generator" (told from
// the structure: synthesis has an 'input' layer; its synthesis modules'
// plain attributes go to attributes_json); init_kwargs_json holds the
// constructor kwargs. Throws pickle::PickleError (a std::runtime_error) whose
// message starts with the path and names the offset/opcode or the network
// field at fault. The file is read through readCheckedFile (FileKind::Model).
RawWeights readNetworkPickle(const std::string& path);

RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source);
RawWeights parseNetworkPickle(const std::uint8_t* data, std::size_t size, const std::string& source,
                              const pickle::PickleLimits& limits);

}  // namespace stylemix
