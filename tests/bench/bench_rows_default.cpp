// The default-model rows on one device: our synthesis against NVIDIA's op
// sequence, the 5x4 grid from scratch against style_mixing.py's loop,
// crossover changes with the sources cached, the noise lab, and the ablation.
#include "bench_rows.h"

#include "model/nets/execution.h"
#include "model/nets/load_generator.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace stylemix::bench {
namespace {

// What every group of default-model rows works with; the engine and NVIDIA's
// generator live until the suite has run.
struct DefaultModel {
    Engine* e;
    const Generator& g;
    const Generator* nv;
    torch::Device dev;
    std::string dev_name;
    int num_ws;
};

// ms/image at batch 1, 8, 32: our generator vs NVIDIA's op sequence.
void synthesisRows(Table& t, Suite& suite, const DefaultModel& m) {
    const Generator& g = m.g;
    const torch::Device dev = m.dev;
    for (int n : {1, 8, 32}) {
        const torch::Tensor ws = g.mapping(latents(seeds(0, n), g.description().z_dim), {}, 1.0);
        const int base = t.add("synthesis, batch " + std::to_string(n), m.dev_name, "NVIDIA op sequence", n);
        const int ours = t.add("synthesis, batch " + std::to_string(n), m.dev_name, "StyleMix", n, base);
        const Generator* nv = m.nv;
        suite.add(base, [nv, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { nv->synthesis(ws, NoiseSpec{}); });
        }, n == 32 ? 3 : 1 << 30);
        suite.add(ours, [&g, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { g.synthesis(ws, NoiseSpec{}); });
        });
    }
}

// 5x4 grid from scratch: the naive loop vs the engine with an empty cache.
// Returns the naive loop's row, the baseline of the later grid rows.
int gridFromScratchRows(Table& t, Suite& suite, const DefaultModel& m, const MixRequest& grid) {
    const std::string& dev_name = m.dev_name;
    const torch::Device dev = m.dev;
    const int naive = t.add("5x4 grid from scratch (styles 0-6)", dev_name, "NVIDIA loop: sources batched + 20 batch-1 cells", 29);
    const int scratch = t.add("5x4 grid from scratch (styles 0-6)", dev_name, "StyleMix engine", 29, naive);
    const int scratch_first = t.add("  first image visible (from scratch)", dev_name, "StyleMix engine", 1);
    t.rows[static_cast<size_t>(scratch_first)].note = "mix() start to first progress callback";
    Engine* e = m.e;
    const Generator* nv = m.nv;
    suite.add(naive, [nv, grid] { return nvidiaGridLoop(*nv, grid); });
    suite.add(scratch, [e, grid, &t, scratch_first, dev] {
        const double ms = timedMs(dev, [&] { e->mix(grid); });
        t.rows[static_cast<size_t>(scratch_first)].ms.push_back(e->cacheStats().first_image_ms);
        return ms;
    }, 1 << 30, [e] { e->clearCache(); });
    return naive;
}

// Crossover changes with the sources cached (the previous request used other styles).
void crossoverRows(Table& t, Suite& suite, const DefaultModel& m, int naive) {
    const int num_ws = m.num_ws;
    const torch::Device dev = m.dev;
    Engine* e = m.e;
    for (const auto& p : presets(num_ws)) {
        const MixRequest target = gridRequest(5, 4, p.styles);
        const MixRequest before = gridRequest(5, 4, p.name == "styles 0-6" ? presets(num_ws)[2].styles : range(0, std::min(7, num_ws)));
        const int row = t.add("5x4 crossover change -> " + p.name, m.dev_name, "StyleMix engine, sources cached", 20, naive);
        const int first = t.add("  first cell visible -> " + p.name, m.dev_name, "StyleMix engine, sources cached", 1);
        t.rows[static_cast<size_t>(first)].note = "mix() start to first cell callback";
        suite.add(row, [e, target, &t, first, dev] {
            double first_ms = -1;
            const auto t0 = Clock::now();
            e->mix(target, {}, [&](const MixProgress& pr) {
                if (first_ms < 0 && pr.kind == MixProgress::Kind::Cell) first_ms = msSince(t0);
            });
            sync(dev);
            const double ms = msSince(t0);
            t.rows[static_cast<size_t>(first)].ms.push_back(first_ms);
            return ms;
        }, 1 << 30, [e, before, dev] {
            e->clearCache();
            e->mix(before);
            sync(dev);
        });
    }
}

// Noise lab, K = 100 realisations of one subject (std-dev accumulated on the device).
void noiseLabRow(Table& t, Suite& suite, const DefaultModel& m, bool quick) {
    const NoiseLabRequest lab = labRequest(8, 3);
    const int row = t.add("noise lab K=100", m.dev_name, "StyleMix engine", 100);
    Engine* e = m.e;
    const torch::Device dev = m.dev;
    suite.add(row, [e, lab, dev] {
        return timedMs(dev, [&] { e->noiseLab(lab); });
    }, quick ? 1 : 5);
}

struct Variant {
    std::string name;
    std::function<void(ExecutionOptions&)> apply;
};

// Each fast-path setting switched off on its own.
std::vector<Variant> ablationVariants() {
    return {
        {"default settings (reference for this group)", [](ExecutionOptions&) {}},
        {"1 thread", [](ExecutionOptions& o) { o.threads = 1; }},
        {"single images on all threads (intra-op)", [](ExecutionOptions& o) { o.single_image_threads = 0; }},
        {"intra-op threads (no batch jobs)", [](ExecutionOptions& o) { o.batch_parallel = false; }},
        {"job batch 1", [](ExecutionOptions& o) { o.job_batch = 1; }},
        {"job batch 8", [](ExecutionOptions& o) { o.job_batch = 8; }},
        {"NCHW (no channels-last)", [](ExecutionOptions& o) { o.channels_last = false; }},
        {"conv_transpose2d + FIR (no polyphase)", [](ExecutionOptions& o) { o.stylegan2.polyphase_upsample = false; }},
        {"separate elementwise ops (no fused epilogue)", [](ExecutionOptions& o) { o.stylegan2.fused_epilogue = false; }},
        {"direct 3x3 convolution (no Winograd)", [](ExecutionOptions& o) { o.stylegan2.winograd = false; }},
        {"Winograd from 4x4 up", [](ExecutionOptions& o) { o.stylegan2.winograd_min_resolution = 4; }},
        {"fused (grouped) modconv at every batch", [](ExecutionOptions& o) { o.stylegan2.fused_max_batch = 1 << 20; }},
        {"non-fused modconv at batch 1", [](ExecutionOptions& o) { o.stylegan2.fused_max_batch = 0; }},
    };
}

// The ablation (CPU): each variant at batch 1, batch 8 and the from-scratch grid.
void ablationRows(Table& t, Suite& suite, const DefaultModel& m, const MixRequest& grid, int naive) {
    const Generator& g = m.g;
    const std::string& dev_name = m.dev_name;
    Engine* e = m.e;
    const torch::Tensor ws8 = g.mapping(latents(seeds(0, 8), g.description().z_dim), {}, 1.0);
    const torch::Tensor ws1 = ws8.slice(0, 0, 1).clone();
    const ExecutionOptions defaults = g.execution();
    for (const auto& v : ablationVariants()) {
        ExecutionOptions o = defaults;
        v.apply(o);
        const int r1 = t.add("ablation: synthesis, batch 1", dev_name, v.name, 1);
        const int r8 = t.add("ablation: synthesis, batch 8", dev_name, v.name, 8);
        const int rg = t.add("ablation: 5x4 grid from scratch", dev_name, v.name, 29, naive);
        const auto set = [e, o] { e->setExecution(o); };   // also clears the engine cache
        const auto reset = [e, defaults] { e->setExecution(defaults); };
        suite.add(r1, [e, ws1] {
            c10::InferenceMode guard;
            return timedMs(torch::kCPU, [&] { e->generator().synthesis(ws1, NoiseSpec{}); });
        }, 1 << 30, set, reset);
        suite.add(r8, [e, ws8] {
            c10::InferenceMode guard;
            return timedMs(torch::kCPU, [&] { e->generator().synthesis(ws8, NoiseSpec{}); });
        }, 1 << 30, set, reset);
        suite.add(rg, [e, grid] {
            return timedMs(torch::kCPU, [&] { e->mix(grid); });
        }, 1 << 30, set, reset);
    }
}

}  // namespace

void defaultModelRows(Table& t, const Args& args, DeviceChoice dc, PrecisionChoice pc, const std::string& dev_name) {
    auto engine = Engine::load(args.model, dc, pc);
    const Generator& g = engine->generator();
    auto nvidia = loadGenerator(args.model, g.device(), g.precision());
    ExecutionOptions plain = plainExecution();
    plain.stylegan2.fused_max_batch = 1 << 20;   // eval-mode StyleGAN2: fused modconv at every batch size
    nvidia->setExecution(plain);
    const DefaultModel m{engine.get(), g, nvidia.get(), g.device(), dev_name, g.numWs()};

    Suite suite;
    synthesisRows(t, suite, m);
    const MixRequest grid = gridRequest(5, 4, range(0, std::min(7, m.num_ws)));
    const int naive = gridFromScratchRows(t, suite, m, grid);
    crossoverRows(t, suite, m, naive);
    noiseLabRow(t, suite, m, args.quick);
    if (args.ablation && !m.dev.is_cuda()) ablationRows(t, suite, m, grid, naive);
    suite.run(t, args.runs);
}

}  // namespace stylemix::bench
