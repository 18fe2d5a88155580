// libFuzzer target for the restricted pickle VM and the NVIDIA network-pickle
// readers on top of it (PyTorch era, and TF era with its numpy arrays).
// Refusals are std::exceptions; a crash, sanitizer report, hang, unbounded
// allocation or foreign exception is a finding. What parses must be
// self-consistent (every tensor's bytes match its shape).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>

#include "model/io/network_pickle.h"
#include "model/io/tf_pickle.h"
#include "model/io/pickle/pickle_json.h"
#include "model/io/pickle/pickle_vm.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace stylemix;
    // The generic VM plus JSON conversion of whatever it built (cycles, deep data).
    try {
        const pickle::PickleLimits limits;
        pickle::ValueArena arena(limits.budgetFor(size));
        const pickle::PickleResult r = pickle::runPickle(pickle::PickleInput{data, size, 0, "fuzz.pkl"}, 0, arena, limits);
        (void)pickle::toJson(r.value, "root", 64);
    } catch (const std::exception&) {
    }
    try {
        const RawWeights w = parseNetworkPickle(data, size, "fuzz.pkl");
        for (const auto& [name, t] : w.tensors) {
            if (t.numel() < 0 || t.bytes.size() != static_cast<std::size_t>(t.numel()) * dtypeSize(t.dtype)) std::abort();
        }
    } catch (const std::exception&) {
    }
    // The TF-era path: Networks, numpy arrays (byte order, Fortran order, 0-d), Gs recorded as found.
    try {
        const RawWeights w = tfNetworkToRaw(parseTfPickle(data, size, "fuzz.pkl"), "fuzz.pkl");
        for (const auto& [name, t] : w.tensors) {
            if (t.numel() < 0 || t.bytes.size() != static_cast<std::size_t>(t.numel()) * dtypeSize(t.dtype)) std::abort();
        }
    } catch (const std::exception&) {
    }
    return 0;
}
