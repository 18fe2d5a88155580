// Shared helpers of the Engine tests (tests/test_engine_*.cpp): the default
// model's engine, seed sources and latents, gen_images.py's image conversion,
// and small checks. Inline, so every test file shares one engine per binary.
#pragma once

#include "model/engine/engine.h"
#include "model/core/numpy_random.h"
#include "model/io/image_io.h"
#include "tests/reference_data.h"

#include <torch/torch.h>

#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace stylemix::engine_test {

// The default model on the CPU, loaded once per test binary.
inline Engine& engine() {
    static std::unique_ptr<Engine> e = Engine::load(testing::defaultModelPath(), DeviceChoice::CPU);
    return *e;
}

inline std::vector<Source> sources(const std::vector<std::uint64_t>& seeds) {
    std::vector<Source> out;
    for (auto s : seeds) out.push_back({s, -1});
    return out;
}

// The z of each seed (NumPy's RandomState(seed).randn), one row each, float64.
inline torch::Tensor latents(const std::vector<std::uint64_t>& seeds, int z_dim = 512) {
    torch::Tensor z = torch::empty({static_cast<int64_t>(seeds.size()), z_dim}, torch::kFloat64);
    for (size_t i = 0; i < seeds.size(); ++i) {
        const auto v = latentForSeed(seeds[i], z_dim);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

// gen_images.py's conversion of one NCHW image (batch of 1) or CHW image, written independently of the engine.
inline Image toImage(torch::Tensor img) {
    if (img.dim() == 4) img = img[0];
    const torch::Tensor u8 = (img.permute({1, 2, 0}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).contiguous();
    Image im = makeImage(static_cast<int>(u8.size(1)), static_cast<int>(u8.size(0)), static_cast<int>(u8.size(2)));
    std::memcpy(im.pixels.data(), u8.data_ptr<uint8_t>(), im.pixels.size());
    return im;
}

inline double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// The message `f` throws, or "<no exception>".
template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no exception>";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// begin, begin + 1, ..., end - 1.
inline std::vector<int> range(int begin, int end) {
    std::vector<int> v;
    for (int i = begin; i < end; ++i) v.push_back(i);
    return v;
}

inline NoiseSpec randomNoiseSpec(std::uint64_t seed) {
    NoiseSpec n;
    n.mode = NoiseMode::Random;
    n.seed = seed;
    return n;
}

}  // namespace stylemix::engine_test
