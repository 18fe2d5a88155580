// The fast execution paths and the engine's cross-request cache: every CPU
// execution setting against NVIDIA's reference images, the worker pool's
// contract, cached mixing against an uncached engine (identical images), and
// on a CUDA machine the GPU precisions against the same reference.
#include "model/engine/engine.h"
#include "model/nets/stylegan2/stylegan2_generator.h"
#include "model/nets/load_generator.h"
#include "model/nets/stylegan2/stylegan2_weights.h"
#include "model/io/weights_file.h"
#include "tests/image_compare.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <atomic>
#include <iostream>
#include <set>
#include <stdexcept>
#include <thread>

using namespace stylemix;
using namespace stylemix::testing;

namespace {

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64).cpu() - b.to(torch::kFloat64).cpu()).abs().max().item<double>();
}
double meanAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64).cpu() - b.to(torch::kFloat64).cpu()).abs().mean().item<double>();
}

std::vector<int> range(int begin, int end) {
    std::vector<int> v;
    for (int i = begin; i < end; ++i) v.push_back(i);
    return v;
}

std::vector<Source> sources(const std::vector<std::uint64_t>& seeds) {
    std::vector<Source> out;
    for (auto s : seeds) out.push_back({s, -1});
    return out;
}

// A generator of its own (the shared test generator keeps the default settings).
std::unique_ptr<StyleGan2Generator> ownGenerator(torch::Device device = torch::kCPU, Precision precision = Precision::FP32) {
    auto g = loadGenerator(defaultModelPath(), device, precision);
    return std::unique_ptr<StyleGan2Generator>(dynamic_cast<StyleGan2Generator*>(g.release()));
}

struct Variant {
    std::string name;
    ExecutionOptions options;
};

std::vector<Variant> cpuVariants() {
    std::vector<Variant> v;
    v.push_back({"default", ExecutionOptions{}});
    v.push_back({"plain (NVIDIA op sequence)", plainExecution()});
    ExecutionOptions o;
    o.threads = 1;
    v.push_back({"1 thread", o});
    o = {};
    o.batch_parallel = false;
    v.push_back({"intra-op threads", o});
    o = {};
    o.single_image_threads = 0;
    v.push_back({"single images on all threads", o});
    o = {};
    o.job_batch = 4;
    v.push_back({"job batch 4", o});
    o = {};
    o.channels_last = false;
    v.push_back({"NCHW", o});
    o = {};
    o.stylegan2.polyphase_upsample = false;
    v.push_back({"conv_transpose2d + FIR", o});
    o = {};
    o.stylegan2.fused_epilogue = false;
    v.push_back({"separate elementwise ops", o});
    o = {};
    o.stylegan2.winograd = false;
    v.push_back({"direct 3x3 convolution (no Winograd)", o});
    o = {};
    o.stylegan2.winograd_min_resolution = 4;
    v.push_back({"Winograd from 4x4 up", o});
    o = {};
    o.stylegan2.fused_max_batch = 1 << 20;
    v.push_back({"fused (grouped) modconv at every batch", o});
    o = {};
    o.stylegan2.fused_max_batch = 1;
    o.job_batch = 3;
    v.push_back({"fused at batch 1, jobs of 3", o});
    o = {};
    o.cpu_kernels = false;
    v.push_back({"generic op sequence (what CUDA runs)", o});
    o.stylegan2.fused_max_batch = 1;
    v.push_back({"generic op sequence, fused at batch 1", o});
    return v;
}

class ExecutionModes : public ::testing::Test {
protected:
    void SetUp() override {
        if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};

}  // namespace

TEST_F(ExecutionModes, EveryCpuSettingMatchesNvidia) {
    auto g = ownGenerator();
    NoiseSpec none;
    none.mode = NoiseMode::None;
    const torch::Tensor ws07 = referenceTensor("ws_psi07"), ws1 = referenceTensor("ws_psi1");
    const torch::Tensor ref07 = referenceTensor("img_psi07_none"), ref1 = referenceTensor("img_psi1_const");
    for (const auto& v : cpuVariants()) {
        SCOPED_TRACE(v.name);
        g->setExecution(v.options);
        const double batch = maxAbsDiff(g->synthesis(ws07, none), ref07);
        double single = 0;
        for (int64_t i = 0; i < 3; ++i)
            single = std::max(single, maxAbsDiff(g->synthesis(ws1.slice(0, i, i + 1), NoiseSpec{}), ref1.slice(0, i, i + 1)));
        std::cout << "[ info ] " << v.name << ": batch of 8 (no noise) max |diff| " << batch
                  << ", batch of 1 (const noise) max |diff| " << single << "\n";
        EXPECT_LT(batch, 1e-4);
        EXPECT_LT(single, 1e-4);
    }
}

TEST_F(ExecutionModes, StagedResumeIsExactInEverySetting) {
    auto g = ownGenerator();
    const torch::Tensor ws = referenceTensor("ws_psi1").slice(0, 0, 2);
    for (const auto& v : cpuVariants()) {
        SCOPED_TRACE(v.name);
        g->setExecution(v.options);
        const torch::Tensor full = g->synthesis(ws, NoiseSpec{});
        for (int stop : {5, g->numLayers() - 1}) {
            SynthesisState s = g->initialState(2);
            g->runLayers(s, ws, stop, NoiseSpec{});
            g->runLayers(s, ws, g->numLayers(), NoiseSpec{});
            EXPECT_TRUE(torch::equal(s.img, full)) << "stop " << stop;
        }
    }
}

TEST(ExecutionModesNoReference, DefaultJobsMakeImagesBatchInvariant) {
    // With one image per job an image's pixels do not depend on what else is in the batch.
    auto g = ownGenerator();
    const torch::Tensor z = torch::randn({6, 512}, torch::TensorOptions().dtype(torch::kFloat64));
    const torch::Tensor ws = g->mapping(z, {}, 1.0);
    NoiseSpec noise;
    noise.mode = NoiseMode::Random;
    noise.seed = 4;
    noise.realisations = {0, 1, 2, 3, 4, 5};
    const torch::Tensor batch = g->synthesis(ws, noise);
    for (int64_t i = 0; i < 6; ++i) {
        NoiseSpec one = noise.slice(i, 1);
        EXPECT_TRUE(torch::equal(batch.slice(0, i, i + 1), g->synthesis(ws.slice(0, i, i + 1), one))) << "image " << i;
    }
}

TEST(WorkerPool, EveryJobOnceCallbacksOnTheCallingThread) {
    auto g = ownGenerator();
    ExecutionOptions o;
    o.threads = 2;
    g->setExecution(o);
    const auto caller = std::this_thread::get_id();
    std::vector<std::atomic<int>> runs(40);
    std::atomic<int> intra_op_max{0};
    std::set<std::size_t> done;
    bool done_off_thread = false;
    g->parallelJobs(
        runs.size(),
        [&](std::size_t i) {
            ++runs[i];
            (void)torch::ones({64}).sum();   // a parallel-capable op: the thread's OpenMP size is settled
            intra_op_max = std::max(intra_op_max.load(), at::get_num_threads());
        },
        [&](std::size_t i) {
            done_off_thread |= std::this_thread::get_id() != caller;
            EXPECT_TRUE(done.insert(i).second) << "done twice: " << i;
        });
    for (std::size_t i = 0; i < runs.size(); ++i) EXPECT_EQ(runs[i].load(), 1) << "job " << i;
    EXPECT_EQ(done.size(), runs.size());
    EXPECT_FALSE(done_off_thread);
    EXPECT_EQ(intra_op_max.load(), 1) << "jobs run with one intra-op thread each";
}

TEST(WorkerPool, ErrorsFromJobsCallbacksAndPollReachTheCaller) {
    auto g = ownGenerator();
    ExecutionOptions o;
    o.threads = 2;
    g->setExecution(o);
    std::atomic<int> ran{0};
    // The first job fails at once while the others take a while, so even on a
    // loaded machine most jobs have not started when the failure is seen.
    EXPECT_THROW(g->parallelJobs(200, [&](std::size_t i) {
        ++ran;
        if (i == 0) throw std::runtime_error("job 0 failed");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }),
                 std::runtime_error);
    EXPECT_LT(ran.load(), 200) << "jobs not yet started are skipped after a failure";
    int dones = 0;
    EXPECT_THROW(g->parallelJobs(
                     20, [](std::size_t) { std::this_thread::sleep_for(std::chrono::milliseconds(2)); },
                     [&](std::size_t) {
                         ++dones;
                         throw Cancelled();
                     }),
                 Cancelled);
    EXPECT_EQ(dones, 1) << "no completion callbacks after one threw";
    EXPECT_THROW(g->parallelJobs(
                     20, [](std::size_t) { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }, {},
                     [] { throw Cancelled(); }),
                 Cancelled);
    // The pool still works afterwards.
    std::atomic<int> after{0};
    g->parallelJobs(7, [&](std::size_t) { ++after; });
    EXPECT_EQ(after.load(), 7);
}

// ---------------------------------------------------------------------------
// The engine's cross-request cache.

namespace {

Engine& cachedEngine() {
    static std::unique_ptr<Engine> e = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    return *e;
}
Engine& uncachedEngine() {
    static std::unique_ptr<Engine> e = [] {
        auto x = Engine::load(defaultModelPath(), DeviceChoice::CPU);
        x->setCacheBudget(0);
        return x;
    }();
    return *e;
}

void expectSameResult(const MixResult& a, const MixResult& b, const std::string& what) {
    SCOPED_TRACE(what);
    ASSERT_EQ(a.cells.size(), b.cells.size());
    for (size_t r = 0; r < a.row_images.size(); ++r) EXPECT_EQ(*a.row_images[r], *b.row_images[r]) << "row source " << r;
    for (size_t c = 0; c < a.col_images.size(); ++c) EXPECT_EQ(*a.col_images[c], *b.col_images[c]) << "column source " << c;
    for (size_t r = 0; r < a.cells.size(); ++r)
        for (size_t c = 0; c < a.cells[r].size(); ++c) EXPECT_EQ(*a.cells[r][c], *b.cells[r][c]) << "cell " << r << "," << c;
}

MixRequest grid(std::vector<int> styles) {
    MixRequest m;
    m.rows = sources({20, 21, 22});
    m.cols = sources({30, 31, 21});   // 21 is both a row and a column
    m.styles = std::move(styles);
    return m;
}

}  // namespace

TEST(EngineCache, CrossoverChangesEqualAnUncachedEngine) {
    Engine& cached = cachedEngine();
    cached.clearCache();
    MixRequest first = grid(range(0, 7));
    expectSameResult(cached.mix(first), uncachedEngine().mix(first), "first request");
    EXPECT_EQ(cached.cacheStats().sources_rendered, 5);

    const std::vector<std::pair<std::string, std::vector<int>>> changes = {
        {"coarse 0-3", range(0, 4)}, {"middle 4-7", range(4, 8)}, {"fine 8-9", range(8, 10)},
        {"1,5,9", {1, 5, 9}},        {"all", range(0, 10)},       {"none", {}}};
    for (const auto& [name, styles] : changes) {
        MixRequest req = grid(styles);
        std::vector<int> order;
        const MixResult a = cached.mix(req, {}, [&](const MixProgress& p) { order.push_back(p.done); });
        const EngineCacheStats s = cached.cacheStats();
        EXPECT_EQ(s.sources_rendered, 0) << name << ": the sources are cached";
        EXPECT_EQ(s.sources_reused, 5) << name;
        ASSERT_EQ(order.size(), 3u + 3u + 9u) << name;
        for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], static_cast<int>(i) + 1) << name;
        expectSameResult(a, uncachedEngine().mix(req), "crossover -> " + name);
    }
    // Asking again: every cell comes from the cell cache.
    const MixRequest again = grid(range(4, 8));
    const MixResult a = cached.mix(again);
    EXPECT_EQ(cached.cacheStats().cells_rendered, 0);
    expectSameResult(a, uncachedEngine().mix(again), "repeated request");

    // Per-row style sets and random noise go through the same cache.
    MixRequest rows = grid({});
    rows.row_styles = {range(0, 4), range(4, 8), range(8, 10)};
    expectSameResult(cached.mix(rows), uncachedEngine().mix(rows), "row_styles");
    MixRequest noisy = grid(range(0, 4));
    noisy.noise.mode = NoiseMode::Random;
    noisy.noise.seed = 9;
    cached.mix(noisy);
    noisy.styles = range(8, 10);
    expectSameResult(cached.mix(noisy), uncachedEngine().mix(noisy), "random noise crossover");
    EXPECT_EQ(cached.cacheStats().sources_rendered, 0);
}

TEST(EngineCache, ChangedSourceRendersOnlyThatSource) {
    Engine& cached = cachedEngine();
    cached.clearCache();
    MixRequest req = grid(range(0, 4));
    cached.mix(req);
    req.rows[1] = {25, -1};
    const MixResult a = cached.mix(req);
    const EngineCacheStats s = cached.cacheStats();
    EXPECT_EQ(s.sources_rendered, 1);
    EXPECT_EQ(s.cells_rendered, 3) << "only the changed row's cells";
    expectSameResult(a, uncachedEngine().mix(req), "one row seed changed");
    // Other truncation or noise is another cache key.
    req.truncation.psi = 0.6;
    cached.mix(req);
    EXPECT_EQ(cached.cacheStats().sources_rendered, 6);
}

TEST(EngineCache, SmallBudgetsEvictButNeverChangeResults) {
    auto small = Engine::load(defaultModelPath(), DeviceChoice::CPU);
    small->setCacheBudget(std::size_t{2} << 20);
    for (const auto& styles : {range(0, 7), range(0, 4), range(8, 10), range(0, 4)}) {
        const MixRequest req = grid(styles);
        expectSameResult(small->mix(req), uncachedEngine().mix(req), "2 MB cache");
        EXPECT_LE(small->cacheStats().bytes, small->cacheStats().budget);
    }
    EXPECT_EQ(uncachedEngine().cacheStats().sources, 0);
    EXPECT_EQ(uncachedEngine().cacheStats().cells, 0);
}

TEST(EngineCache, CancelledRequestLeavesAUsableCache) {
    Engine& cached = cachedEngine();
    cached.clearCache();
    int calls = 0;
    ProgressHooks hooks;
    hooks.cancelled = [&] { return ++calls > 3; };
    const MixRequest req = grid(range(0, 7));
    EXPECT_THROW(cached.mix(req, hooks), Cancelled);
    expectSameResult(cached.mix(req), uncachedEngine().mix(req), "after a cancelled request");
}

// ---------------------------------------------------------------------------
// The CUDA path's arithmetic, checked on the CPU (no GPU needed): the
// device-generic op sequence (cpu_kernels off) in fp32 matches NVIDIA like the
// CPU kernels do, and in mixed precision (cpu_half) stays within the bounds
// the Gpu.* tests below hold CUDA to. CPU fp16 convolutions are emulated by
// LibTorch, so the fp16 numbers here are not CUDA's, but every cast, the fp16
// pre-normalisation and the clamps run exactly as they would there.

TEST(CudaPathOnCpu, Fp32AndMixedPrecisionMatchNvidia) {
    if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    NoiseSpec none;
    none.mode = NoiseMode::None;
    const torch::Tensor ws = referenceTensor("ws_psi07"), ref = referenceTensor("img_psi07_none");
    auto g = ownGenerator(torch::kCPU, Precision::FP32);
    ExecutionOptions generic;
    generic.cpu_kernels = false;
    g->setExecution(generic);
    const double fp32 = maxAbsDiff(g->synthesis(ws, none), ref);
    std::cout << "[ info ] generic (CUDA) op sequence on cpu, fp32: max |diff| " << fp32 << "\n";
    EXPECT_LT(fp32, 1e-4);

    ASSERT_GT(g->config().fp16Resolution(), 0);
    for (auto [prec, max_tol, mean_tol] : {std::tuple<Precision, double, double>{Precision::Mixed, 0.10, 4e-3},
                                           std::tuple<Precision, double, double>{Precision::BF16, 0.40, 2e-2}}) {
        auto h = ownGenerator(torch::kCPU, prec);
        EXPECT_EQ(h->precision(), Precision::FP32) << "half precision is off on the CPU by default";
        ExecutionOptions half = generic;
        half.cpu_half = true;
        h->setExecution(half);
        ASSERT_EQ(h->precision(), prec);
        torch::Tensor img;
        try {
            img = h->synthesis(ws, none);
        } catch (const c10::Error& e) {
            // An op this LibTorch lacks for the dtype on the CPU is no fault of ours.
            if (std::string(e.what()).find("not implemented for") != std::string::npos) {
                std::cout << "[ info ] " << precisionName(prec) << " on cpu: " << e.what_without_backtrace() << "\n";
                continue;
            }
            throw;
        }
        EXPECT_EQ(img.scalar_type(), torch::kFloat32);
        EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
        const double mx = maxAbsDiff(img, ref), mean = meanAbsDiff(img, ref);
        std::cout << "[ info ] generic op sequence on cpu, " << precisionName(prec) << ": max |diff| " << mx
                  << ", mean |diff| " << mean << "\n";
        EXPECT_GT(mx, 1e-4) << "the half-precision blocks did not run";
        EXPECT_LE(mx, max_tol) << precisionName(prec);
        EXPECT_LE(mean, mean_tol) << precisionName(prec);
    }
}

// ---------------------------------------------------------------------------
// CUDA (skipped without a GPU): fp32 is strict (TF32 off) and matches the CPU
// reference like the CPU does; half precision stays within stated bounds.
//   fp16-mixed (NVIDIA's shipped setting): max |diff| <= 0.10, mean |diff| <= 4e-3
//   bf16-mixed:                            max |diff| <= 0.40, mean |diff| <= 2e-2
// (images in [-1, 1]; provisional until recorded on a GPU run, see tests/bench/RESULTS.md).

namespace {
class Gpu : public ::testing::Test {
protected:
    void SetUp() override {
        if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device";
        if (!haveReference()) FAIL() << "reference data missing: " << referenceDir() << "/cases.safetensors (the repository carries it)";
    }
};
}  // namespace

TEST_F(Gpu, Fp32MatchesNvidiaReference) {
    auto g = ownGenerator(torch::Device(torch::kCUDA, 0), Precision::FP32);
    NoiseSpec none;
    none.mode = NoiseMode::None;
    const double batch = maxAbsDiff(g->synthesis(referenceTensor("ws_psi07").cuda(), none), referenceTensor("img_psi07_none"));
    const double single =
        maxAbsDiff(g->synthesis(referenceTensor("ws_psi1").slice(0, 0, 1).cuda(), NoiseSpec{}), referenceTensor("img_psi1_const").slice(0, 0, 1));
    std::cout << "[ info ] cuda fp32: batch max |diff| " << batch << ", single " << single << "\n";
    EXPECT_LT(batch, 1e-4);
    EXPECT_LT(single, 1e-4);
}

TEST_F(Gpu, HalfPrecisionWithinStatedTolerance) {
    NoiseSpec none;
    none.mode = NoiseMode::None;
    const torch::Tensor ref = referenceTensor("img_psi07_none");
    for (auto [prec, max_tol, mean_tol] : {std::tuple<Precision, double, double>{Precision::Mixed, 0.10, 4e-3},
                                           std::tuple<Precision, double, double>{Precision::BF16, 0.40, 2e-2}}) {
        auto g = ownGenerator(torch::Device(torch::kCUDA, 0), prec);
        const torch::Tensor img = g->synthesis(referenceTensor("ws_psi07").cuda(), none);
        EXPECT_EQ(img.scalar_type(), torch::kFloat32);
        const double mx = maxAbsDiff(img, ref), mean = meanAbsDiff(img, ref);
        std::cout << "[ info ] cuda " << precisionName(prec) << ": max |diff| " << mx << ", mean |diff| " << mean << "\n";
        EXPECT_TRUE(torch::isfinite(img).all().item<bool>());
        EXPECT_LE(mx, max_tol) << precisionName(prec);
        EXPECT_LE(mean, mean_tol) << precisionName(prec);
    }
}

TEST_F(Gpu, EngineGridMatchesTheCpuEngine) {
    auto gpu = Engine::load(defaultModelPath(), DeviceChoice::CUDA, PrecisionChoice::FP32);
    MixRequest req = grid(range(0, 4));
    const MixResult a = gpu->mix(req), b = uncachedEngine().mix(req);
    ImageDiff total;
    for (size_t r = 0; r < a.cells.size(); ++r)
        for (size_t c = 0; c < a.cells[r].size(); ++c) EXPECT_TRUE(imagesClose(a.cells[r][c], b.cells[r][c], 0.999, 1, &total));
    std::cout << "[ info ] cuda fp32 grid vs cpu: " << total.describe() << "\n";
    req.styles = range(8, 10);
    const MixResult c = gpu->mix(req), d = uncachedEngine().mix(req);
    for (size_t r = 0; r < c.cells.size(); ++r)
        for (size_t k = 0; k < c.cells[r].size(); ++k) EXPECT_TRUE(imagesClose(c.cells[r][k], d.cells[r][k], 0.999, 1, &total));
}
