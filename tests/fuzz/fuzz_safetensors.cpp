// libFuzzer target for the safetensors reader. Any input may be refused with a
// std::exception; anything else (crash, sanitizer report, other exception) is a
// finding. Inputs that parse must also survive serialize -> parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <vector>

#include "model/io/safetensors.h"

namespace {

bool sameTensors(const stylemix::RawWeights& a, const stylemix::RawWeights& b) {
    if (a.tensors.size() != b.tensors.size() || a.class_name != b.class_name ||
        a.init_kwargs_json != b.init_kwargs_json) {
        return false;
    }
    for (auto ia = a.tensors.begin(), ib = b.tensors.begin(); ia != a.tensors.end(); ++ia, ++ib) {
        if (ia->first != ib->first || ia->second.dtype != ib->second.dtype || ia->second.shape != ib->second.shape ||
            ia->second.bytes != ib->second.bytes || ia->second.numel() != ib->second.numel()) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    stylemix::RawWeights weights;
    try {
        weights = stylemix::parseSafetensors(data, size, "fuzz.safetensors");
    } catch (const std::exception&) {
        return 0;
    }
    // Whatever the reader accepts, the writer must write and the reader re-read identically.
    const std::vector<std::uint8_t> again = stylemix::serializeSafetensors(weights);
    if (!sameTensors(weights, stylemix::parseSafetensors(again.data(), again.size(), "fuzz-rewritten.safetensors"))) {
        std::abort();
    }
    return 0;
}
