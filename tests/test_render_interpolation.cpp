// The render worker's interpolation job (the explorer's strip under the grid):
// its frames are Engine::interpolate's, pixel for pixel and ws for ws, in z and
// in w; a z strip with an end that has no z fails with the engine's message;
// a superseded strip never publishes.
#include "model/engine/engine.h"
#include "model/engine/render_worker.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

using namespace stylemix;
using namespace std::chrono_literals;

namespace {

std::optional<WorkerResult> waitForStrip(RenderWorker& w, std::uint64_t generation, std::chrono::seconds timeout = 120s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        while (auto r = w.poll())
            if (r->as<InterpolationResult>() && r->generation == generation) return r;
        std::this_thread::sleep_for(5ms);
    }
    return std::nullopt;
}

InterpolationRequest strip(Source from, Source to, int steps, InterpolationSpace space) {
    InterpolationRequest r;
    r.from = std::move(from);
    r.to = std::move(to);
    r.steps = steps;
    r.space = space;
    r.truncation = {0.7, -1};
    r.noise.mode = NoiseMode::Const;
    return r;
}

class RenderInterpolation : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        engine_ = Engine::load(stylemix::testing::defaultModelPath(), DeviceChoice::CPU).release();
    }
    static void TearDownTestSuite() {
        delete engine_;
        engine_ = nullptr;
    }
    void SetUp() override {
        worker_.submitLoad({stylemix::testing::defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32});
        const auto deadline = std::chrono::steady_clock::now() + 120s;
        while (!worker_.facts() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
        ASSERT_TRUE(worker_.facts());
        while (worker_.poll()) {}
    }
    // The job's result for `request`, checked to be final and without error.
    InterpolationResult render(const InterpolationRequest& request) {
        const std::uint64_t gen = worker_.submitRender(RenderRequest{{ViewJob{"strip", request}}});
        auto r = waitForStrip(worker_, gen);
        EXPECT_TRUE(r.has_value());
        if (!r) return {};
        EXPECT_EQ(r->error, "");
        EXPECT_FALSE(r->partial);
        EXPECT_EQ(r->view, "strip");
        return std::move(*r->as<InterpolationResult>());
    }
    static void expectSame(const InterpolationResult& job, const InterpolationResult& engine) {
        ASSERT_EQ(job.images.size(), engine.images.size());
        ASSERT_EQ(job.ws.size(), engine.ws.size());
        for (std::size_t i = 0; i < job.images.size(); ++i) {
            EXPECT_EQ(job.images[i].width, engine.images[i].width);
            EXPECT_TRUE(job.images[i].pixels == engine.images[i].pixels) << "frame " << i;
            EXPECT_EQ(Source::ws(job.ws[i]), Source::ws(engine.ws[i])) << "frame " << i << "'s ws";
        }
    }

    static Engine* engine_;
    RenderWorker worker_;
};
Engine* RenderInterpolation::engine_ = nullptr;

TEST_F(RenderInterpolation, AWStripIsEngineInterpolatesFrameForFrame) {
    const InterpolationRequest req = strip(Source{85}, Source::position(1.5, 0.25), 5, InterpolationSpace::W);
    const InterpolationResult job = render(req);
    ASSERT_EQ(job.images.size(), 5u);
    expectSame(job, engine_->interpolate(req));
    EXPECT_NE(job.images.front().pixels, job.images.back().pixels);
}

TEST_F(RenderInterpolation, AZStripIsEngineInterpolatesFrameForFrame) {
    const InterpolationRequest req = strip(Source{85}, Source::position(3, 1), 4, InterpolationSpace::Z);
    const InterpolationResult job = render(req);
    ASSERT_EQ(job.images.size(), 4u);
    expectSame(job, engine_->interpolate(req));
}

TEST_F(RenderInterpolation, AFrameUsedAsAnEndRendersAsItsWs) {
    const InterpolationResult first = render(strip(Source{85}, Source{821}, 3, InterpolationSpace::W));
    ASSERT_EQ(first.ws.size(), 3u);
    const InterpolationRequest req = strip(Source::ws(first.ws[1]), Source{55}, 3, InterpolationSpace::W);
    const InterpolationResult job = render(req);
    expectSame(job, engine_->interpolate(req));
    EXPECT_TRUE(job.images.front().pixels == first.images[1].pixels) << "frame 0 is the middle frame of the first strip";
}

TEST_F(RenderInterpolation, AZEndWithoutALatentFailsWithTheEnginesMessage) {
    const InterpolationRequest req = strip(Source{85}, Source::position(0.5, 0), 3, InterpolationSpace::Z);
    const std::uint64_t gen = worker_.submitRender(RenderRequest{{ViewJob{"strip", req}}});
    const auto r = waitForStrip(worker_, gen);
    ASSERT_TRUE(r.has_value());
    EXPECT_NE(r->error.find("has no single latent z"), std::string::npos) << r->error;
}

TEST_F(RenderInterpolation, ASupersededStripNeverPublishes) {
    const std::uint64_t big =
        worker_.submitRender(RenderRequest{{ViewJob{"strip", strip(Source{1}, Source{2}, 400, InterpolationSpace::W)}}});
    std::this_thread::sleep_for(50ms);
    const InterpolationRequest small = strip(Source{3}, Source{4}, 2, InterpolationSpace::W);
    const std::uint64_t gen = worker_.submitRender(RenderRequest{{ViewJob{"strip", small}}});
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    std::optional<WorkerResult> done;
    while (!done && std::chrono::steady_clock::now() < deadline) {
        while (auto r = worker_.poll()) {
            EXPECT_NE(r->generation, big) << "the superseded strip published";
            if (r->generation == gen) done = std::move(r);
        }
        std::this_thread::sleep_for(5ms);
    }
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->error, "");
    ASSERT_TRUE(done->as<InterpolationResult>());
    EXPECT_EQ(done->as<InterpolationResult>()->images.size(), 2u);
}

}  // namespace
