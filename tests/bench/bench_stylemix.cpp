// StyleMix benchmark (not a test): prints one table of work items, each timed
// over several runs with the variants interleaved in the same process, and
// the speed-up over a naive NVIDIA-style loop (style_mixing.py: sources in one
// batch, then one batch-1 forward per cell, NVIDIA's op sequence) run here too.
//
//   bench_stylemix [--model PATH] [--runs N] [--out FILE] [--cpu-only] [--ablation] [--quick]
//
// CPU rows always; with CUDA present, GPU rows for the default model and for a
// config-f-shaped 1024² generator with random weights built in-process.
#include "model/engine/engine.h"
#include "model/nets/stylegan2/stylegan2_generator.h"
#include "model/core/numpy_random.h"
#include "model/nets/load_generator.h"
#include "model/nets/stylegan2/stylegan2_weights.h"
#include "model/io/weights_file.h"

#include <torch/torch.h>

#ifdef STYLEMIX_BENCH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace stylemix;
using Clock = std::chrono::steady_clock;

namespace {

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

Args parseArgs(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string s = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(s + " needs a value");
            return argv[++i];
        };
        if (s == "--model") a.model = next();
        else if (s == "--runs") a.runs = std::max(1, std::stoi(next()));
        else if (s == "--out") a.out = next();
        else if (s == "--cpu-only") a.cpu_only = true;
        else if (s == "--ablation") a.ablation = true;
        else if (s == "--quick") a.quick = true;
        else if (s == "--no-big") a.big = false;
        else if (s == "--explorer-rss") a.explorer_rss = true;
        else if (s == "--gpu-only") a.gpu_only = true;
        else if (s == "--sg3") a.sg3_dir = next();
        else if (s == "--sg3-only" || s == "--families-only") a.sg3_only = true;
        else if (s == "--sg1") a.sg1_model = next();
        else if (s == "--sg3-nvidia-ms") {
            std::stringstream in(next());
            std::string item;
            while (std::getline(in, item, ',')) a.sg3_nvidia_ms.push_back(std::stod(item));
        }
        else if (s == "-h" || s == "--help") {
            std::cout << "bench_stylemix [--model PATH] [--runs N] [--out FILE] [--cpu-only | --gpu-only] [--ablation] [--quick] "
                         "[--no-big] [--sg3 DIR [--sg3-nvidia-ms T,R]] [--sg1 PKL] [--families-only]\n";
            std::exit(0);
        } else {
            throw std::invalid_argument("unknown argument " + s);
        }
    }
    if (a.quick) a.runs = std::min(a.runs, 3);
    return a;
}

void sync(const torch::Device& d) {
    if (d.is_cuda()) torch::cuda::synchronize();
}

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Wall time of `work` in ms, the device's queued work included.
template <class Work>
double timedMs(const torch::Device& dev, Work&& work) {
    const auto t0 = Clock::now();
    work();
    sync(dev);
    return msSince(t0);
}

// The benchmark's noise lab: K = 100 realisations of source seed 7, `keep` images kept.
NoiseLabRequest labRequest(int keep, std::optional<std::uint64_t> noise_seed = std::nullopt) {
    NoiseLabRequest lab;
    lab.subject.source = {7, -1};
    lab.noise.mode = NoiseMode::Random;
    if (noise_seed) lab.noise.seed = *noise_seed;
    lab.samples = 100;
    lab.keep_images = keep;
    return lab;
}

std::vector<Source> seeds(std::uint64_t first, int count) {
    std::vector<Source> out;
    for (int i = 0; i < count; ++i) out.push_back({first + static_cast<std::uint64_t>(i), -1});
    return out;
}

std::vector<int> range(int b, int e) {
    std::vector<int> v;
    for (int i = b; i < e; ++i) v.push_back(i);
    return v;
}

torch::Tensor latents(const std::vector<Source>& src, int z_dim) {
    torch::Tensor z = torch::empty({static_cast<int64_t>(src.size()), z_dim}, torch::kFloat64);
    for (size_t i = 0; i < src.size(); ++i) {
        const auto v = latentForSeed(src[i].seed, z_dim);
        std::memcpy(z[static_cast<int64_t>(i)].data_ptr<double>(), v.data(), v.size() * sizeof(double));
    }
    return z;
}

// A generator of the given architecture with random weights (benchmarks only):
// N(0, 1) weights, affine biases 1 (as initialised upstream), other biases 0,
// unit-variance const and noise buffers, w_avg 0, the normalised [1,3,3,1] filter.
std::unique_ptr<Generator> randomGenerator(const StyleGan2Config& config, torch::Device device, Precision precision,
                                           std::uint64_t seed = 1) {
    torch::manual_seed(static_cast<int64_t>(seed));
    std::map<std::string, torch::Tensor> sd;
    for (const auto& t : config.expectedTensors()) {
        const std::string& n = t.name;
        auto ends = [&](const std::string& suffix) {
            return n.size() >= suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        torch::Tensor v;
        if (ends("resample_filter")) {
            torch::Tensor f = torch::tensor(std::vector<double>(config.resample_filter.begin(), config.resample_filter.end()),
                                            torch::kFloat32);
            v = t.shape.size() == 2 ? torch::outer(f, f) : f;
            v = v / v.sum();
        } else if (ends("affine.bias")) {
            v = torch::ones(t.shape);
        } else if (ends("bias") || ends("w_avg") || ends("noise_strength")) {
            v = torch::zeros(t.shape);
        } else {
            v = torch::randn(t.shape);
        }
        sd[n] = v;
    }
    return std::make_unique<StyleGan2Generator>(config, std::move(sd), device, precision);
}

StyleGan2Config configF1024() {
    StyleGan2Config c;
    c.z_dim = 512;
    c.w_dim = 512;
    c.c_dim = 0;
    c.img_resolution = 1024;
    c.img_channels = 3;
    c.channel_base = 32768;
    c.channel_max = 512;
    c.num_fp16_res = 4;
    c.conv_clamp = 256.0;
    return c;
}

// ---------------------------------------------------------------------------
// Timing rows.

struct Row {
    std::string item, device, variant;
    int images = 1;
    std::vector<double> ms;
    std::vector<double> cpu_ms;   // process CPU time (all our threads) over the same run
    int baseline = -1;   // row index whose median gives the speed-up
    std::string note;
};

struct Table {
    std::vector<Row> rows;
    int add(const std::string& item, const std::string& device, const std::string& variant, int images, int baseline = -1) {
        rows.push_back({item, device, variant, images, {}, {}, baseline, ""});
        return static_cast<int>(rows.size()) - 1;
    }
};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}
double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

std::string fmt(double v, int prec = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", prec, v);
    return buf;
}

std::string render(const Table& t, int runs) {
    std::ostringstream o;
    o << "| work item | device | variant | images | median ms | min ms | ms/image | images/s | speed-up | CPU ms | note |\n";
    o << "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& r : t.rows) {
        const double med = median(r.ms), mn = minimum(r.ms);
        std::string speed;
        if (r.baseline >= 0 && med > 0) speed = fmt(median(t.rows[static_cast<size_t>(r.baseline)].ms) / med, 2) + "x";
        o << "| " << r.item << " | " << r.device << " | " << r.variant << " | " << r.images << " | " << fmt(med) << " | "
          << fmt(mn) << " | " << fmt(med / std::max(1, r.images), 2) << " | "
          << (med > 0 ? fmt(1000.0 * r.images / med, 1) : "-") << " | " << speed << " | "
          << (r.cpu_ms.empty() ? std::string("") : fmt(median(r.cpu_ms), 0)) << " | " << r.note << " (n=" << r.ms.size()
          << ") |\n";
    }
    (void)runs;
    return o.str();
}

long peakRssKb() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// ---------------------------------------------------------------------------
// Work items.

// style_mixing.py on `g` (NVIDIA's op sequence): map all sources as one batch,
// truncate, synthesise them as one batch, then every cell alone, each image
// converted to uint8 on the host.
double nvidiaGridLoop(const Generator& g, const MixRequest& req) {
    c10::InferenceMode guard;
    const auto t0 = Clock::now();
    std::vector<Source> unique;
    for (const auto& s : req.rows)
        if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
    for (const auto& s : req.cols)
        if (std::find(unique.begin(), unique.end(), s) == unique.end()) unique.push_back(s);
    const torch::Tensor ws = g.truncateAll(g.mapping(latents(unique, g.description().z_dim), {}, 1.0), req.truncation.psi);
    auto toU8 = [](const torch::Tensor& img) {
        return (img.permute({0, 2, 3, 1}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).to(torch::kCPU);
    };
    torch::Tensor all = toU8(g.synthesis(ws, req.noise));
    auto idx = [&](const Source& s) { return static_cast<int64_t>(std::find(unique.begin(), unique.end(), s) - unique.begin()); };
    for (const auto& r : req.rows)
        for (const auto& c : req.cols) {
            torch::Tensor w = ws[idx(r)].clone();
            for (int s : req.styles) w[s].copy_(ws[idx(c)][s]);
            torch::Tensor img = toU8(g.synthesis(w.unsqueeze(0), req.noise));
            (void)img;
        }
    sync(g.device());
    return msSince(t0);
}

MixRequest gridRequest(int rows, int cols, std::vector<int> styles) {
    MixRequest m;
    m.rows = seeds(100, rows);
    m.cols = seeds(200, cols);
    m.styles = std::move(styles);
    return m;
}

struct Preset {
    std::string name;
    std::vector<int> styles;
};

std::vector<Preset> presets(int num_ws) {
    const WsRange c = coarseRange(num_ws), m = middleRange(num_ws), f = fineRange(num_ws);
    return {{"coarse " + std::to_string(c.begin) + "-" + std::to_string(c.end - 1), range(c.begin, c.end)},
            {"middle " + std::to_string(m.begin) + "-" + std::to_string(m.end - 1), range(m.begin, m.end)},
            {"fine " + std::to_string(f.begin) + "-" + std::to_string(f.end - 1), range(f.begin, f.end)},
            {"styles 0-6", range(0, std::min(7, num_ws))}};
}

// One interleaved benchmark: every case runs once per round, rounds repeat.
struct Suite {
    struct Case {
        int row;
        std::function<double()> run;   // returns wall ms
        int max_runs;
        std::function<void()> setup;      // untimed, before every run
        std::function<void()> teardown;   // untimed, after every run
    };
    std::vector<Case> cases;
    void add(int row, std::function<double()> fn, int max_runs = 1 << 30, std::function<void()> setup = {},
             std::function<void()> teardown = {}) {
        cases.push_back({row, std::move(fn), max_runs, std::move(setup), std::move(teardown)});
    }
    void run(Table& t, int runs, bool warmup = true) {
        if (warmup)
            for (auto& c : cases) {
                if (c.setup) c.setup();
                c.run();
                if (c.teardown) c.teardown();
            }
        for (int r = 0; r < runs; ++r)
            for (auto& c : cases)
                if (r < c.max_runs) {
                    if (c.setup) c.setup();
                    const double cpu0 = cpuMs();
                    t.rows[static_cast<size_t>(c.row)].ms.push_back(c.run());
                    t.rows[static_cast<size_t>(c.row)].cpu_ms.push_back(cpuMs() - cpu0);
                    if (c.teardown) c.teardown();
                }
    }
};

// The default-model work items on one device.
void defaultModelRows(Table& t, const Args& args, DeviceChoice dc, PrecisionChoice pc, const std::string& dev_name) {
    auto engine = Engine::load(args.model, dc, pc);
    const Generator& g = engine->generator();
    const torch::Device dev = g.device();
    auto nvidia = loadGenerator(args.model, dev, g.precision());
    ExecutionOptions plain = plainExecution();
    plain.stylegan2.fused_max_batch = 1 << 20;   // eval-mode StyleGAN2: fused modconv at every batch size
    nvidia->setExecution(plain);
    const int num_ws = g.numWs();

    Suite suite;
    // ms/image at batch 1, 8, 32: our generator vs NVIDIA's op sequence.
    for (int n : {1, 8, 32}) {
        const torch::Tensor ws = g.mapping(latents(seeds(0, n), g.description().z_dim), {}, 1.0);
        const int base = t.add("synthesis, batch " + std::to_string(n), dev_name, "NVIDIA op sequence", n);
        const int ours = t.add("synthesis, batch " + std::to_string(n), dev_name, "StyleMix", n, base);
        const Generator* nv = nvidia.get();
        suite.add(base, [nv, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { nv->synthesis(ws, NoiseSpec{}); });
        }, n == 32 ? 3 : 1 << 30);
        suite.add(ours, [&g, ws, dev] {
            c10::InferenceMode guard;
            return timedMs(dev, [&] { g.synthesis(ws, NoiseSpec{}); });
        });
    }

    // 5x4 grid from scratch: the naive loop vs the engine with an empty cache.
    const MixRequest grid = gridRequest(5, 4, range(0, std::min(7, num_ws)));
    const int naive = t.add("5x4 grid from scratch (styles 0-6)", dev_name, "NVIDIA loop: sources batched + 20 batch-1 cells", 29);
    const int scratch = t.add("5x4 grid from scratch (styles 0-6)", dev_name, "StyleMix engine", 29, naive);
    const int scratch_first = t.add("  first image visible (from scratch)", dev_name, "StyleMix engine", 1);
    t.rows[static_cast<size_t>(scratch_first)].note = "mix() start to first progress callback";
    Engine* e = engine.get();
    const Generator* nv = nvidia.get();
    suite.add(naive, [nv, grid] { return nvidiaGridLoop(*nv, grid); });
    suite.add(scratch, [e, grid, &t, scratch_first, dev] {
        const double ms = timedMs(dev, [&] { e->mix(grid); });
        t.rows[static_cast<size_t>(scratch_first)].ms.push_back(e->cacheStats().first_image_ms);
        return ms;
    }, 1 << 30, [e] { e->clearCache(); });

    // Crossover changes with the sources cached (the previous request used other styles).
    for (const auto& p : presets(num_ws)) {
        const MixRequest target = gridRequest(5, 4, p.styles);
        const MixRequest before = gridRequest(5, 4, p.name == "styles 0-6" ? presets(num_ws)[2].styles : range(0, std::min(7, num_ws)));
        const int row = t.add("5x4 crossover change -> " + p.name, dev_name, "StyleMix engine, sources cached", 20, naive);
        const int first = t.add("  first cell visible -> " + p.name, dev_name, "StyleMix engine, sources cached", 1);
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

    // Noise lab, K = 100 realisations of one subject (std-dev accumulated on the device).
    {
        const NoiseLabRequest lab = labRequest(8, 3);
        const int row = t.add("noise lab K=100", dev_name, "StyleMix engine", 100);
        suite.add(row, [e, lab, dev] {
            return timedMs(dev, [&] { e->noiseLab(lab); });
        }, args.quick ? 1 : 5);
    }

    if (args.ablation && !dev.is_cuda()) {
        // Each fast-path setting switched off on its own (batch 8 and the from-scratch grid).
        struct Variant { std::string name; std::function<void(ExecutionOptions&)> apply; };
        const std::vector<Variant> variants = {
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
        const torch::Tensor ws8 = g.mapping(latents(seeds(0, 8), g.description().z_dim), {}, 1.0);
        const torch::Tensor ws1 = ws8.slice(0, 0, 1).clone();
        const ExecutionOptions defaults = g.execution();
        for (const auto& v : variants) {
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

    suite.run(t, args.runs);
}

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

// What the explorer's render worker does in a session on the default model
// (grid, crossover changes, noise lab, split view, Fig. 5), in this process
// alone; prints the peak RSS in KiB.
int explorerRssProbe(const Args& args) {
    auto e = Engine::load(args.model, DeviceChoice::CPU);
    const int num_ws = e->facts().num_ws;
    e->mix(gridRequest(5, 4, range(0, std::min(7, num_ws))));
    for (const auto& p : presets(num_ws)) e->mix(gridRequest(5, 4, p.styles));
    MixRequest other = gridRequest(5, 4, range(0, 4));
    other.rows = seeds(300, 5);
    e->mix(other);
    NoiseLabRequest lab;
    lab.subject.source = {7, -1};
    lab.noise.mode = NoiseMode::Random;
    lab.samples = 100;
    e->noiseLab(lab);
    NoiseSpec none;
    none.mode = NoiseMode::None;
    e->renderSubject(lab.subject, lab.noise);
    e->renderSubject(lab.subject, none);
    e->noiseLayers(lab.subject, lab.noise);
    std::cout << "explorer-rss-kb " << peakRssKb() << " cache-bytes " << e->cacheStats().bytes << "\n";
    return 0;
}

// Runs the probe in a child process (so the benchmark's own baselines do not count).
std::string explorerRss(const Args& args) {
    char self[4096] = {0};
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0) return "n/a";
    const std::string cmd = std::string("'") + self + "' --explorer-rss --model '" + args.model + "' 2>/dev/null";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return "n/a";
    char buf[256];
    std::string out;
    while (fgets(buf, sizeof buf, pipe)) out += buf;
    pclose(pipe);
    long kb = 0;
    std::size_t bytes = 0;
    if (std::sscanf(out.c_str(), "explorer-rss-kb %ld cache-bytes %zu", &kb, &bytes) != 2) return "n/a";
    return fmt(kb / 1024.0) + " MiB (engine cache holding " + fmt(bytes / 1048576.0) + " MiB)";
}

}  // namespace

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

int main(int argc, char** argv) {
    try {
        const Args args = parseArgs(argc, argv);
        if (args.explorer_rss) return explorerRssProbe(args);
        Table table;
        const std::string load_before = loadAverage();
        const auto t_start = Clock::now();
        if (!args.sg3_dir.empty()) {
            std::cerr << "bench: StyleGAN3 rows...\n";
            styleGan3Rows(table, args);
        }
        if (!args.sg1_model.empty()) {
            std::cerr << "bench: StyleGAN1 rows...\n";
            styleGan1Rows(table, args);
        }
        if (!args.gpu_only && !args.sg3_only) {
            std::cerr << "bench: CPU rows (" << args.runs << " runs, interleaved)...\n";
            defaultModelRows(table, args, DeviceChoice::CPU, PrecisionChoice::FP32, "cpu");
        }
        const long rss_cpu = peakRssKb();
        const bool cuda = !args.cpu_only && !args.sg3_only && torch::cuda::is_available();
        if (args.gpu_only && !cuda) std::cerr << "bench: no CUDA device here, so there are no GPU rows to run\n";
        if (cuda) {
            std::cerr << "bench: GPU rows (default model)...\n";
            defaultModelRows(table, args, DeviceChoice::CUDA, PrecisionChoice::FP32, "cuda fp32");
            defaultModelRows(table, args, DeviceChoice::CUDA, PrecisionChoice::FP16Mixed, "cuda fp16-mixed");
            if (args.big) {
                std::cerr << "bench: GPU rows (config-f 1024², random weights)...\n";
                bigModelRows(table, args);
            }
        }
        std::ostringstream o;
        const std::time_t now = std::time(nullptr);
        char date[64];
        std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", std::localtime(&now));
        o << "StyleMix benchmark, " << date << ", model " << args.model << ", LibTorch " << TORCH_VERSION_MAJOR << "." << TORCH_VERSION_MINOR << "." << TORCH_VERSION_PATCH << "\n";
        o << "threads: " << std::thread::hardware_concurrency() << " hardware; CUDA: " << (cuda ? "yes" : "no")
          << "; load average (1/5/15 min) at start " << load_before << ", at end " << loadAverage() << "\n\n";
        if (table.rows.empty()) o << "(no rows: --gpu-only on a machine without a CUDA device)\n";
        else o << render(table, args.runs) << "\n";
        if (!args.gpu_only && !args.sg3_only)
            o << "peak RSS, explorer-like session on the default model (5x4 grid, 4 crossover changes, new rows, noise lab "
                 "K=100, split view, Fig. 5; separate process): "
              << explorerRss(args) << "\n";
        o << "peak RSS of this benchmark process after the CPU rows: " << fmt(rss_cpu / 1024.0) << " MiB; at the end: "
          << fmt(peakRssKb() / 1024.0) << " MiB\n";
        o << "total bench time " << fmt(msSince(t_start) / 1000.0) << " s\n";
        std::cout << o.str();
        if (!args.out.empty()) {
            std::ofstream f(args.out);
            f << o.str();
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "bench_stylemix: " << e.what() << "\n";
        return 1;
    }
}
