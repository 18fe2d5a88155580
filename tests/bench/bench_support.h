// What the benchmark's groups of rows share: the command line's settings,
// wall-clock timing with the device's queued work included, the requests the
// rows time, random-weight generators, and NVIDIA's style_mixing.py loop.
#pragma once

#include "model/engine/engine.h"
#include "model/nets/generator.h"
#include "model/nets/stylegan2/stylegan2_config.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::bench {

using Clock = std::chrono::steady_clock;

// bench_stylemix's command line (see parseArgs in bench_stylemix.cpp).
struct Args {
    std::string model = STYLEMIX_DEFAULT_MODEL;
    int runs = 7;
    std::string out;
    bool cpu_only = false;
    bool ablation = false;
    bool quick = false;
    bool big = true;   // config-f 1024² rows on CUDA
    bool explorer_rss = false;   // child mode: the explorer's engine work only, then print peak RSS
    bool gpu_only = false;       // skip the CPU rows (GPU sessions: the CPU table comes from the CPU machine)
    // StyleGAN3 rows: a folder with make_big_sg3.py --which t256 r256's pickles, and NVIDIA's
    // reference-path ms for T and R from tests/sg3/time_nvidia_sg3.py on the same machine.
    std::string sg3_dir;
    std::vector<double> sg3_nvidia_ms;
    bool sg3_only = false;        // only the family rows (StyleGAN3 and / or StyleGAN1)
    // StyleGAN1 rows: a 1024² FFHQ-shaped TF pickle with random weights
    // (tests/tf/tf_pickle_writer.py --stylegan1 --resolution 1024 --random-seed 1).
    std::string sg1_model;
};

inline void sync(const torch::Device& d) {
    if (d.is_cuda()) torch::cuda::synchronize();
}

inline double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Wall time of `work` in ms, the device's queued work included.
template <class Work>
double timedMs(const torch::Device& dev, Work&& work) {
    const auto t0 = Clock::now();
    work();
    sync(dev);
    return msSince(t0);
}

// The benchmark's noise lab: K = 100 realisations of source seed 7, `keep` images kept.
NoiseLabRequest labRequest(int keep, std::optional<std::uint64_t> noise_seed = std::nullopt);

// Seeds first, first + 1, ..., count of them.
std::vector<Source> seeds(std::uint64_t first, int count);

// b, b + 1, ..., e - 1.
std::vector<int> range(int b, int e);

// The z of each source's seed, one row each, float64.
torch::Tensor latents(const std::vector<Source>& src, int z_dim);

// A generator of the given architecture with random weights (benchmarks only):
// N(0, 1) weights, affine biases 1 (as initialised upstream), other biases 0,
// unit-variance const and noise buffers, w_avg 0, the normalised [1,3,3,1] filter.
std::unique_ptr<Generator> randomGenerator(const StyleGan2Config& config, torch::Device device, Precision precision,
                                           std::uint64_t seed = 1);

StyleGan2Config configF1024();

// style_mixing.py on `g` (NVIDIA's op sequence): map all sources as one batch,
// truncate, synthesise them as one batch, then every cell alone, each image
// converted to uint8 on the host. Returns wall ms.
double nvidiaGridLoop(const Generator& g, const MixRequest& req);

// A rows x cols grid: row seeds from 100, column seeds from 200.
MixRequest gridRequest(int rows, int cols, std::vector<int> styles);

struct Preset {
    std::string name;
    std::vector<int> styles;
};

// The crossover presets the rows time: coarse, middle, fine and styles 0-6.
std::vector<Preset> presets(int num_ws);

}  // namespace stylemix::bench
