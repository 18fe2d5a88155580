// The render worker's threading contract: latest request wins, superseded
// grids stop early, a failed load keeps the old model, shutdown mid-render.
#include "model/engine/render_worker.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace stylemix;
using namespace std::chrono_literals;

namespace {

// The kinds of result the tests wait for.
enum class Want { Load, MixPartial, Mix, LabPartial, Lab, Split };

bool is(const WorkerResult& r, Want want) {
    switch (want) {
        case Want::Load: return r.kind == WorkerResult::Kind::Load;
        case Want::MixPartial: return r.as<MixResult>() && r.partial;
        case Want::Mix: return r.as<MixResult>() && !r.partial;
        case Want::LabPartial: return r.as<NoiseLabResult>() && r.partial;
        case Want::Lab: return r.as<NoiseLabResult>() && !r.partial;
        case Want::Split: return r.as<SplitResult>() != nullptr;
    }
    return false;
}
const MixResult& mixOf(const WorkerResult& r) { return *r.as<MixResult>(); }
const NoiseLabResult& labOf(const WorkerResult& r) { return *r.as<NoiseLabResult>(); }

// Polls until a result of `kind` (any kind when nullopt) arrives or the deadline passes.
std::optional<WorkerResult> waitFor(RenderWorker& w, std::optional<Want> kind, std::chrono::seconds timeout = 120s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        while (auto r = w.poll())
            if (!kind || is(*r, *kind)) return r;
        std::this_thread::sleep_for(5ms);
    }
    return std::nullopt;
}

RenderRequest gridRequest(int rows, int cols, std::vector<int> styles) {
    MixRequest m;
    for (int r = 0; r < rows; ++r) m.rows.push_back({static_cast<std::uint64_t>(r), -1});
    for (int c = 0; c < cols; ++c) m.cols.push_back({static_cast<std::uint64_t>(100 + c), -1});
    m.styles = std::move(styles);
    return RenderRequest{{ViewJob{"grid", m}}};
}

// The noise lab of seed 5: K = `samples`, the first `keep` realisations kept.
RenderRequest labRequest(int samples, int keep) {
    NoiseLabRequest lab;
    lab.subject.source = {5, -1};
    lab.samples = samples;
    lab.keep_images = keep;
    return RenderRequest{{ViewJob{"lab", lab}}};
}

LoadRequest defaultLoad() { return {stylemix::testing::defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32}; }

class RenderWorkerTest : public ::testing::Test {
protected:
    void loadDefault(RenderWorker& w) {
        w.submitLoad(defaultLoad());
        auto r = waitFor(w, Want::Load);
        ASSERT_TRUE(r.has_value());
        ASSERT_EQ(r->error, "");
        ASSERT_TRUE(r->facts);
    }
};

}  // namespace

TEST_F(RenderWorkerTest, LoadPublishesModelFactsAndWakesTheUi) {
    std::atomic<int> wakes{0};
    RenderWorker w([&] { ++wakes; });
    loadDefault(w);
    EXPECT_GE(wakes.load(), 1);
    ASSERT_TRUE(w.facts());
    EXPECT_EQ(w.facts()->num_ws, 10);
    EXPECT_EQ(w.facts()->noise_layers.size(), 9u);
    EXPECT_EQ(w.facts()->noise_strengths.size(), 9u);
    EXPECT_EQ(w.facts()->sha256.size(), 64u);
}

TEST_F(RenderWorkerTest, LatestRequestWinsInABurst) {
    RenderWorker w;
    loadDefault(w);
    std::uint64_t last = 0;
    for (int i = 0; i < 20; ++i) last = w.submitRender(gridRequest(2, 2, {i % 10}));
    std::optional<WorkerResult> final_result;
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < deadline && !final_result) {
        while (auto r = w.poll()) {
            if (is(*r, Want::Mix)) {
                EXPECT_EQ(r->error, "");
                if (r->generation == last) final_result = r;
            }
        }
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_TRUE(final_result.has_value());
    // The first request may already have been taken before the burst arrived; none of the others ran to the end.
    EXPECT_LE(w.rendersCompleted(), 2);
    EXPECT_EQ(mixOf(*final_result).cells.size(), 2u);
    ASSERT_TRUE(mixOf(*final_result).cells[1][1]);
    EXPECT_FALSE(mixOf(*final_result).cells[1][1]->pixels.empty());
}

TEST_F(RenderWorkerTest, SupersededGridStopsEarly) {
    RenderWorker w;
    loadDefault(w);
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t big = w.submitRender(gridRequest(16, 16, {8, 9}));   // hundreds of images
    // Wait until the big grid is demonstrably under way (a partial result arrives).
    auto partial = waitFor(w, Want::MixPartial, 60s);
    ASSERT_TRUE(partial.has_value());
    EXPECT_EQ(partial->generation, big);
    // The render rate so far predicts how long the whole grid (256 cells + 32 sources) would take.
    auto filled = [](const MixResult& m) {
        int n = 0;
        for (const auto& im : m.row_images) n += im && !im->pixels.empty();
        for (const auto& im : m.col_images) n += im && !im->pixels.empty();
        for (const auto& row : m.cells)
            for (const auto& im : row) n += im && !im->pixels.empty();
        return n;
    };
    const double ran_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int images_done = filled(mixOf(*partial));
    ASSERT_GT(images_done, 0);
    const double whole_grid_s = ran_s / images_done * (16 * 16 + 32);
    const auto t_small = std::chrono::steady_clock::now();
    const std::uint64_t small = w.submitRender(gridRequest(1, 1, {0}));
    std::optional<WorkerResult> done;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline && !done) {
        while (auto r = w.poll()) {
            ASSERT_FALSE(is(*r, Want::Mix) && r->generation == big) << "superseded grid was finished";
            if (is(*r, Want::Mix) && r->generation == small) done = r;
        }
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->error, "");
    // Stopping between batches and rendering a 1x1 grid (3 images) takes far
    // less than the rest of the superseded grid would have.
    const double small_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_small).count();
    RecordProperty("superseded_then_small_s", std::to_string(small_s));
    EXPECT_LT(small_s, 0.5 * whole_grid_s) << "rate so far: " << images_done << " images in " << ran_s << " s";
}

TEST_F(RenderWorkerTest, FailedLoadKeepsThePreviousModel) {
    RenderWorker w;
    loadDefault(w);
    const auto before = w.facts();
    w.submitLoad({"/nonexistent/model.safetensors", DeviceChoice::CPU, PrecisionChoice::FP32});
    auto r = waitFor(w, Want::Load);
    ASSERT_TRUE(r.has_value());
    EXPECT_NE(r->error.find("/nonexistent/model.safetensors"), std::string::npos) << r->error;
    EXPECT_EQ(w.facts(), before);
    // Still renders with the old model.
    const auto gen = w.submitRender(gridRequest(1, 2, {0, 1}));
    auto m = waitFor(w, Want::Mix);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->generation, gen);
    EXPECT_EQ(m->error, "");
    EXPECT_EQ(mixOf(*m).cells[0][1]->width, 64);
}

TEST_F(RenderWorkerTest, RenderWithoutModelReportsAnError) {
    RenderWorker w;
    w.submitRender(gridRequest(1, 1, {0}));
    auto r = waitFor(w, std::nullopt, 30s);
    ASSERT_TRUE(r.has_value());
    EXPECT_NE(r->error.find("no model"), std::string::npos);
}

TEST_F(RenderWorkerTest, BadRequestIsReportedNotThrown) {
    RenderWorker w;
    loadDefault(w);
    w.submitRender(gridRequest(1, 1, {12}));
    auto r = waitFor(w, Want::Mix);
    ASSERT_TRUE(r.has_value());
    EXPECT_NE(r->error.find("style index 12"), std::string::npos) << r->error;
}

TEST_F(RenderWorkerTest, LabAndSplitResults) {
    RenderWorker w;
    loadDefault(w);
    RenderRequest req = labRequest(4, 2);
    const NoiseLabRequest lab = std::get<NoiseLabRequest>(req.jobs[0].request);
    SplitRequest split;
    split.subject = lab.subject;
    split.left.mode = NoiseMode::Const;
    split.right.mode = NoiseMode::None;
    req.jobs.push_back(ViewJob{"lab", split});
    w.submitRender(req);
    auto l = waitFor(w, Want::Lab);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->error, "");
    EXPECT_EQ(labOf(*l).realisations.size(), 2u);
    EXPECT_EQ(labOf(*l).stddev.width, 64);
    auto s = waitFor(w, Want::Split);
    ASSERT_TRUE(s.has_value());
    const SplitResult& pair = *s->as<SplitResult>();
    ASSERT_TRUE(pair.left && pair.right);
    EXPECT_NE(pair.left->pixels, pair.right->pixels);
}

// Issue 22: a K = 64 lab publishes its map so far (realisation 0 first)
// before the whole result.
TEST_F(RenderWorkerTest, TheLabPublishesPartialResultsBeforeTheWhole) {
    RenderWorker w;
    loadDefault(w);
    w.submitRender(labRequest(64, 3));
    std::vector<WorkerResult> seen;
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < deadline &&
           (seen.empty() || !is(seen.back(), Want::Lab))) {
        while (auto r = w.poll()) seen.push_back(std::move(*r));
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_FALSE(seen.empty());
    ASSERT_TRUE(is(seen.back(), Want::Lab)) << "no whole lab result";
    EXPECT_EQ(labOf(seen.back()).samples, 64);
    ASSERT_GE(seen.size(), 2u) << "no partial lab result before the whole one";
    const WorkerResult& first = seen.front();
    EXPECT_TRUE(is(first, Want::LabPartial));
    EXPECT_EQ(first.generation, seen.back().generation);
    ASSERT_FALSE(labOf(first).realisations.empty());
    // Shared, not copied: the partial's realisation 0 is the final result's object.
    EXPECT_EQ(labOf(first).realisations.front(), labOf(seen.back()).realisations.front());
    EXPECT_LT(labOf(first).samples, 64);
}

TEST_F(RenderWorkerTest, ShutdownWhileRenderingIsPrompt) {
    std::chrono::steady_clock::time_point t0;
    {
        RenderWorker w;
        loadDefault(w);
        w.submitRender(gridRequest(24, 24, {4, 5, 6, 7}));
        ASSERT_TRUE(waitFor(w, Want::MixPartial, 60s).has_value());
        t0 = std::chrono::steady_clock::now();
    }   // destructor cancels and joins
    const double stop_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(stop_s, 10.0);
}

namespace {

// Nice values of this process's threads, from /proc/self/task/*/stat (field 19).
std::vector<int> threadNiceValues() {
    std::vector<int> values;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream in(entry.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const auto close = stat.rfind(')');   // the command name may hold spaces
        if (close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string field;
        for (int i = 3; i <= 19 && fields >> field; ++i)
            if (i == 19) values.push_back(std::stoi(field));
    }
    return values;
}

}  // namespace

TEST_F(RenderWorkerTest, BackgroundNiceLowersOnlyTheRenderThreads) {
    errno = 0;
    const int caller = getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
    ASSERT_EQ(errno, 0);
    ASSERT_LE(caller, 16) << "this test runs at nice " << caller << ": it needs room to lower the render threads below the caller";
    {
        RenderWorker w(std::function<void()>{}, 3);
        loadDefault(w);   // the engine starts its worker pool from the render thread
        w.submitRender(gridRequest(2, 2, {0, 1, 2, 3}));
        ASSERT_TRUE(waitFor(w, Want::Mix).has_value());
        const std::vector<int> nice = threadNiceValues();
        // The render thread and the pool threads it started run 3 steps lower; this thread does not.
        EXPECT_GE(std::count(nice.begin(), nice.end(), caller + 3), 2) << "threads at nice " << caller + 3;
        EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid))), caller);
    }
    RenderWorker same;   // 0 = the caller's priority
    loadDefault(same);
    const std::vector<int> nice = threadNiceValues();
    EXPECT_EQ(std::count(nice.begin(), nice.end(), caller + 3), 0);
}
