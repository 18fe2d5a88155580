// The other families' rows, on the CPU: StyleGAN3 T and R at 256² (--sg3) and
// StyleGAN1 at FFHQ's 1024² shape (--sg1), all with random weights.
#include "bench_rows.h"

#include "model/nets/execution.h"
#include "model/nets/load_generator.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace stylemix::bench {

// StyleGAN3 T and R at 256² (random weights, train.py's shapes), batch 1 on the
// CPU: the fast path against the reference op sequence in this process and
// against NVIDIA's own Python reference path (timed by time_nvidia_sg3.py).
void styleGan3Rows(Table& t, const Args& args) {
    Suite suite;
    std::vector<std::unique_ptr<Generator>> gens;
    const char* names[] = {"T", "R"};
    for (int k = 0; k < 2; ++k) {
        const std::string path = args.sg3_dir + "/sg3" + (k == 0 ? "t" : "r") + "_256_random.pkl";
        gens.push_back(loadGenerator(path, torch::kCPU));
        auto plain = loadGenerator(path, torch::kCPU);
        plain->setExecution(plainExecution());
        const Generator* g = gens.back().get();
        const Generator* p = plain.get();
        gens.push_back(std::move(plain));
        const torch::Tensor ws = g->mapping(latents(seeds(0, 1), 512), {}, 0.7);
        const std::string item = std::string("StyleGAN3-") + names[k] + " 256², batch 1";
        int nvidia = -1;
        if (args.sg3_nvidia_ms.size() == 2) {
            nvidia = t.add(item, "cpu", "NVIDIA networks_stylegan3, reference path (Python)", 1);
            t.rows[static_cast<size_t>(nvidia)].ms = {args.sg3_nvidia_ms[static_cast<size_t>(k)]};
            t.rows[static_cast<size_t>(nvidia)].note = "median of tests/sg3/time_nvidia_sg3.py, given with --sg3-nvidia-ms";
        }
        const int base = t.add(item, "cpu", "NVIDIA op sequence (plain execution)", 1, nvidia);
        const int ours = t.add(item, "cpu", "StyleMix", 1, nvidia >= 0 ? nvidia : base);
        suite.add(base, [p, ws] {
            c10::InferenceMode guard;
            return timedMs(torch::kCPU, [&] { p->synthesis(ws, NoiseSpec{}); });
        });
        suite.add(ours, [g, ws] {
            c10::InferenceMode guard;
            return timedMs(torch::kCPU, [&] { g->synthesis(ws, NoiseSpec{}); });
        });
    }
    suite.run(t, args.runs);
}

// StyleGAN1 at FFHQ's shape (1024², 18 ws; random weights): one image, and a
// 3x2 grid from scratch and after a crossover change, against style_mixing.py's
// loop on the same generator (there is no NVIDIA PyTorch code for StyleGAN1).
void styleGan1Rows(Table& t, const Args& args) {
    Suite suite;
    auto engine = Engine::load(args.sg1_model, DeviceChoice::CPU, PrecisionChoice::FP32);
    const Generator& g = engine->generator();
    const torch::Tensor ws = g.mapping(latents(seeds(0, 1), g.description().z_dim), {}, 1.0);
    const std::string item = "StyleGAN1 1024² (FFHQ shape, random weights)";
    const int one = t.add(item + ", batch 1", "cpu", "StyleMix", 1);
    suite.add(one, [&g, ws] {
        c10::InferenceMode guard;
        return timedMs(torch::kCPU, [&] { g.synthesis(ws, NoiseSpec{}); });
    });
    const MixRequest grid = gridRequest(3, 2, range(0, 4));
    const MixRequest middle = gridRequest(3, 2, range(4, 8));
    const int naive = t.add(item + ", 3x2 grid", "cpu", "style_mixing.py loop: sources batched + 6 batch-1 cells", 11);
    const int scratch = t.add(item + ", 3x2 grid", "cpu", "StyleMix engine (empty cache)", 11, naive);
    const int cross = t.add(item + ", crossover -> middle 4-7", "cpu", "StyleMix engine, sources cached", 6, naive);
    Engine* e = engine.get();
    suite.add(naive, [&g, grid] { return nvidiaGridLoop(g, grid); });
    suite.add(scratch, [e, grid] { return timedMs(torch::kCPU, [&] { e->mix(grid); }); }, 1 << 30,
              [e] { e->clearCache(); });
    suite.add(cross, [e, middle] { return timedMs(torch::kCPU, [&] { e->mix(middle); }); }, 1 << 30, [e, grid] {
        e->clearCache();
        e->mix(grid);
    });
    suite.run(t, std::min(args.runs, 3));
}

}  // namespace stylemix::bench
