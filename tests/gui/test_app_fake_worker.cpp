// The explorer's App driven in-process by a fake worker: the GUI library links
// no model code (no LibTorch), and everything the App knows arrives through the
// plain structs of model/core/worker_protocol.h. Run under xvfb-run by ctest
// (the App opens a real GLFW window).
#include "gui/app.h"
#include "gui/app_options.h"
#include "gui/views/motion/motion_tab.h"
#include "model/core/worker_protocol.h"
#include "model/io/image_io.h"
#include "tests/gui/imgui_harness.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <mutex>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;

// Answers a load with the facts of a 64² StyleGAN2 and every render with
// flat tiles: row sources red, column sources green, cells blue.
class FakeWorker final : public WorkerClient {
public:
    struct Log {
        std::mutex mutex;
        std::vector<LoadRequest> loads;
        std::vector<RenderRequest> renders;
    };
    FakeWorker(std::function<void()> wake, std::shared_ptr<Log> log) : wake_(std::move(wake)), log_(std::move(log)) {}

    std::uint64_t submitLoad(const LoadRequest& request) override {
        std::lock_guard<std::mutex> lock(log_->mutex);
        log_->loads.push_back(request);
        facts_ = std::make_shared<const ModelFacts>(test::makeFacts(64));
        WorkerResult r;
        r.kind = WorkerResult::Kind::Load;
        r.generation = ++generation_;
        r.facts = facts_;
        results_.push_back(std::move(r));
        wake_();
        return generation_;
    }
    std::uint64_t submitRender(const RenderRequest& request) override {
        std::lock_guard<std::mutex> lock(log_->mutex);
        log_->renders.push_back(request);
        ++generation_;
        for (const ViewJob& job : request.jobs) {
            if (const auto* animation = std::get_if<AnimationRequest>(&job.request)) {
                answerAnimation(job, *animation);
                continue;
            }
            const auto* mix = std::get_if<MixRequest>(&job.request);
            if (!mix) continue;
            // The first cell alone as a partial, then the whole grid.
            MixResult first;
            first.row_images.assign(mix->rows.size(), nullptr);
            first.col_images.assign(mix->cols.size(), nullptr);
            first.cells.assign(mix->rows.size(), std::vector<ImagePtr>(mix->cols.size()));
            first.cells[0][0] = flat(0, 0, 200);
            results_.push_back(result(job, true, std::move(first)));
            MixResult whole;
            whole.row_images.assign(mix->rows.size(), flat(200, 0, 0));
            whole.col_images.assign(mix->cols.size(), flat(0, 200, 0));
            whole.cells.assign(mix->rows.size(), std::vector<ImagePtr>(mix->cols.size(), flat(0, 0, 200)));
            results_.push_back(result(job, false, std::move(whole)));
        }
        wake_();
        return generation_;
    }
    std::optional<WorkerResult> poll() override {
        std::lock_guard<std::mutex> lock(log_->mutex);
        if (results_.empty()) return std::nullopt;
        WorkerResult r = std::move(results_.front());
        results_.pop_front();
        return r;
    }
    WorkerState state() const override { return WorkerState::Idle; }
    float progress() const override { return 1.f; }
    std::shared_ptr<const ModelFacts> facts() const override { return facts_; }

private:
    // Magenta frames: two partial results (one frame, then two), then all of them.
    void answerAnimation(const ViewJob& job, const AnimationRequest& request) {
        AnimationResult frames;
        frames.total = request.spec.frames;
        for (int i = 0; i < request.spec.frames; ++i) {
            frames.frames.push_back(flat(200, 0, 200));
            if (i < 2) results_.push_back(result(job, true, frames));
        }
        results_.push_back(result(job, false, std::move(frames)));
    }
    template <class Payload>
    WorkerResult result(const ViewJob& job, bool partial, Payload payload) const {
        WorkerResult r;
        r.generation = generation_;
        r.facts = facts_;
        r.view = job.view;
        r.partial = partial;
        r.payload = std::move(payload);
        return r;
    }
    static ImagePtr flat(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
        Image im = makeImage(64, 64, 3);
        for (size_t i = 0; i < im.pixels.size(); i += 3) {
            im.pixels[i] = r;
            im.pixels[i + 1] = g;
            im.pixels[i + 2] = b;
        }
        return std::make_shared<const Image>(std::move(im));
    }

    std::function<void()> wake_;
    std::shared_ptr<Log> log_;
    std::deque<WorkerResult> results_;
    std::shared_ptr<const ModelFacts> facts_;
    std::uint64_t generation_ = 0;
};

TEST(AppWithFakeWorker, ShowsWhatTheWorkerReturnsAndAsksForTheGrid) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "app_fake_worker";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string shot = (dir / "shot.png").string();
    const std::string config = (dir / "config").string();
    const char* argv[] = {"stylemix-gui", "--no-ini", "--config-dir", config.c_str(), "--rows", "1,2", "--cols", "3,4,5",
                          "--screenshot", shot.c_str(), "--timeout", "60"};
    bool exit_now = false;
    AppOptions options = parseAppOptions(static_cast<int>(std::size(argv)), argv, "/models/fake.safetensors", &exit_now);
    ASSERT_FALSE(exit_now);
    auto log = std::make_shared<FakeWorker::Log>();
    App app(std::move(options), [log](std::function<void()> wake, int) {
        return std::unique_ptr<WorkerClient>(std::make_unique<FakeWorker>(std::move(wake), log));
    });
    ASSERT_EQ(app.run(), 0);

    ASSERT_EQ(log->loads.size(), 1u);
    EXPECT_EQ(log->loads[0].path, "/models/fake.safetensors");
    ASSERT_FALSE(log->renders.empty());
    const RenderRequest& last = log->renders.back();
    ASSERT_EQ(last.jobs.size(), 1u);
    EXPECT_EQ(last.jobs[0].view, "grid");
    const auto* mix = std::get_if<MixRequest>(&last.jobs[0].request);
    ASSERT_NE(mix, nullptr);
    EXPECT_EQ(mix->rows.size(), 2u);
    EXPECT_EQ(mix->cols.size(), 3u);
    EXPECT_EQ(mix->styles, (std::vector<int>{0, 1, 2, 3}));   // the coarse preset of the facts

    // The screenshot shows the fake's blue cells.
    const Image png = readPng(shot);
    int blue = 0;
    for (size_t i = 0; i + 2 < png.pixels.size(); i += static_cast<size_t>(png.channels))
        blue += png.pixels[i] < 30 && png.pixels[i + 1] < 30 && png.pixels[i + 2] > 170;
    EXPECT_GT(blue, 6 * 64 * 64 / 2) << "the six cells should be on screen";
}

// --motion opens the Motion tab on the selected cell: it asks for the
// animation, takes the frames as they come (two partial results, then all)
// and plays them, large, for each kind, at the smallest and a large window size.
TEST(AppWithFakeWorker, TheMotionTabAsksForTheAnimationAndPlaysItsFrames) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "app_fake_worker_motion";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const struct {
        const char* kind;
        AnimationKind expected;
        const char* size;
    } runs[] = {{"sweep", AnimationKind::CrossoverSweep, "800x600"},
                {"walk", AnimationKind::LatentWalk, "800x600"},
                {"noise", AnimationKind::NoiseCycle, "1920x1080"}};
    for (const auto& run : runs) {
        SCOPED_TRACE(std::string(run.kind) + " " + run.size);
        const std::string shot = (dir / (std::string("motion-") + run.kind + "-" + run.size + ".png")).string();
        const std::string config = (dir / "config").string();
        const char* argv[] = {"stylemix-gui", "--no-ini", "--config-dir", config.c_str(), "--motion", run.kind,
                              "--motion-frames", "6", "--lab", "1,0", "--size", run.size,
                              "--screenshot", shot.c_str(), "--timeout", "60"};
        bool exit_now = false;
        AppOptions options = parseAppOptions(static_cast<int>(std::size(argv)), argv, "/models/fake.safetensors", &exit_now);
        ASSERT_FALSE(exit_now);
        auto log = std::make_shared<FakeWorker::Log>();
        App app(std::move(options), [log](std::function<void()> wake, int) {
            return std::unique_ptr<WorkerClient>(std::make_unique<FakeWorker>(std::move(wake), log));
        });
        ASSERT_EQ(app.run(), 0);

        EXPECT_EQ(app.visibleView(), MotionTab::kId);
        ASSERT_FALSE(log->renders.empty());
        const RenderRequest& last = log->renders.back();
        ASSERT_EQ(last.jobs.size(), 1u);
        EXPECT_EQ(last.jobs[0].view, MotionTab::kId);
        const auto* animation = std::get_if<AnimationRequest>(&last.jobs[0].request);
        ASSERT_NE(animation, nullptr);
        EXPECT_EQ(animation->spec.kind, run.expected);
        EXPECT_EQ(animation->spec.frames, 6);
        const Source a = app.panels().sources.rows.items[run.expected == AnimationKind::LatentWalk ? 0 : 1];
        EXPECT_EQ(animation->spec.subject.source, a) << "cell 1,0's A; a walk from row 0";
        if (run.expected == AnimationKind::CrossoverSweep) EXPECT_TRUE(animation->spec.subject.mix_with);
        if (run.expected == AnimationKind::LatentWalk) EXPECT_EQ(animation->spec.walk_to, app.panels().sources.cols.items[0]);

        const MotionTab* motion = app.views().find<MotionTab>();
        ASSERT_NE(motion, nullptr);
        EXPECT_EQ(motion->frames().count(), 6);
        EXPECT_TRUE(motion->clock().playing());
        const Image png = readPng(shot);
        int magenta = 0;
        for (size_t i = 0; i + 2 < png.pixels.size(); i += static_cast<size_t>(png.channels))
            magenta += png.pixels[i] > 170 && png.pixels[i + 1] < 30 && png.pixels[i + 2] > 170;
        EXPECT_GT(magenta, 300 * 300) << "a frame fills the tab, large";
    }
}

}  // namespace
}  // namespace stylemix::gui
