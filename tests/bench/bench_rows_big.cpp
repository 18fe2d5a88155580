// The config-f-shaped 1024² rows on CUDA (random weights): synthesis at batch 32
// in fp32, mixed precision and bf16 against NVIDIA's op sequence, and in mixed
// precision the 5x4 grid with its peak GPU memory, a crossover change and the noise lab.
#include "bench_rows.h"

#include "model/nets/execution.h"

#ifdef STYLEMIX_BENCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <algorithm>
#include <memory>
#include <vector>

namespace stylemix::bench {
namespace {

// The caching allocator's peak allocated GPU memory (-1 without a CUDA build of LibTorch).
#ifdef STYLEMIX_BENCH_CUDA
void resetPeak() { c10::cuda::CUDACachingAllocator::resetPeakStats(0); }
double peakGiB() {
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
    return static_cast<double>(stats.allocated_bytes[0].peak) / (1 << 30);
}
#else
void resetPeak() {}
double peakGiB() { return -1; }
#endif

}  // namespace

// Config-f-shaped 1024² generator (random weights) on CUDA.
void bigModelRows(Table& t, const Args& args) {
    const torch::Device dev(torch::kCUDA, 0);
    const StyleGan2Config cfg = configF1024();
    Suite suite;
    std::vector<std::unique_ptr<Engine>> engines;
    std::vector<std::unique_ptr<Generator>> nvidias;
    const int runs = std::max(5, args.runs);
    for (Precision prec : {Precision::FP32, Precision::Mixed, Precision::BF16}) {
        engines.push_back(Engine::fromGenerator(randomGenerator(cfg, dev, prec), "config-f 1024 (random weights)"));
        Engine* e = engines.back().get();
        const Generator& g = e->generator();
        const std::string dn = std::string("cuda ") + precisionName(prec);
        const torch::Tensor ws = g.mapping(latents(seeds(0, 32), 512), {}, 1.0);
        auto nv = randomGenerator(cfg, dev, prec);
        ExecutionOptions plain = plainExecution();
        plain.stylegan2.fused_max_batch = 1 << 20;
        nv->setExecution(plain);
        const Generator* nvp = nv.get();
        nvidias.push_back(std::move(nv));
        const int base = t.add("config-f 1024², batch 32", dn, "NVIDIA op sequence", 32);
        const int ours = t.add("config-f 1024², batch 32", dn, "StyleMix", 32, base);
        suite.add(base, [nvp, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { nvp->synthesis(ws, NoiseSpec{}); });
        });
        suite.add(ours, [&g, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { g.synthesis(ws, NoiseSpec{}); });
        });
        if (prec == Precision::Mixed) {
            const MixRequest grid = gridRequest(5, 4, range(0, 7));
            const int naive = t.add("config-f 1024², 5x4 grid", dn, "NVIDIA loop: sources batched + 20 batch-1 cells", 29);
            const int mix = t.add("config-f 1024², 5x4 grid", dn, "StyleMix engine (empty cache)", 29, naive);
            const int mem = t.add("  GPU memory, 5x4 grid", dn, "peak allocated (GiB) in the note", 29);
            suite.add(naive, [nvp, grid] { return nvidiaGridLoop(*nvp, grid); });
            suite.add(mix, [e, grid, dev, &t, mem] {
                sync(dev);
                resetPeak();
                const double ms = timedMs(dev, [&] { e->mix(grid); });
                t.rows[static_cast<size_t>(mem)].note = "peak " + fmt(peakGiB(), 2) + " GiB";
                return ms;
            }, 1 << 30, [e] { e->clearCache(); });
            const MixRequest fine = gridRequest(5, 4, range(8, 18));
            const int cross = t.add("config-f 1024², crossover -> fine 8-17", dn, "StyleMix engine, sources cached", 20, naive);
            suite.add(cross, [e, fine, dev] {
                return timedMs(dev, [&] { e->mix(fine); });
            }, 1 << 30, [e, grid, dev] {
                e->clearCache();
                e->mix(grid);
                sync(dev);
            });
            const NoiseLabRequest lab = labRequest(8);
            const int row = t.add("config-f 1024², noise lab K=100", dn, "StyleMix engine", 100);
            suite.add(row, [e, lab, dev] {
                return timedMs(dev, [&] { e->noiseLab(lab); });
            });
        }
    }
    suite.run(t, runs);
}

}  // namespace stylemix::bench
