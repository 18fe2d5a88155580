// libFuzzer target for the legacy torch.save stream reader (the payload of
// torch.storage._load_from_bytes). Refusals are std::exceptions; anything else
// is a finding.
#include <cstddef>
#include <cstdint>
#include <exception>

#include "model/io/pickle/torch_legacy_storage.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        stylemix::pickle::checkTorchStorageBytes(data, size, "fuzz.bin");
    } catch (const std::exception&) {
    }
    return 0;
}
