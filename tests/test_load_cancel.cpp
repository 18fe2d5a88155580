// Cancelling a model load (ProgressHooks, model/core/cancel.h): a load polls
// its hooks between tensors and stops with Cancelled; the render worker
// cancels a load that a newer one supersedes, publishes nothing for it, and
// keeps the previous model until a load completes.
#include "model/engine/engine.h"
#include "model/engine/render_worker.h"
#include "tests/reference_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace stylemix;
using namespace std::chrono_literals;

namespace {

const std::string kData = std::string(STYLEMIX_SOURCE_DIR) + "/tests/data/";

std::vector<std::string> oneFilePerFamily() {
    return {stylemix::testing::defaultModelPath(), kData + "tf/sg1_64.pkl", kData + "sg3/sg3r_32.pkl"};
}

}  // namespace

// Cancelled once a third of the tensors are checked: the load stops there,
// by throwing Cancelled, for every family.
TEST(LoadCancel, AnEngineLoadStopsMidwayWhenItsHookSaysSo) {
    for (const std::string& path : oneFilePerFamily()) {
        SCOPED_TRACE(path);
        float progress = 0.f;
        int polls_after_cancel = 0;
        ProgressHooks hooks;
        hooks.progress = [&](float f) { progress = f; };
        hooks.cancelled = [&] {
            const bool cancel = progress >= 1.f / 3;
            polls_after_cancel += cancel ? 1 : 0;
            return cancel;
        };
        EXPECT_THROW(Engine::load(path, DeviceChoice::CPU, PrecisionChoice::FP32, hooks), Cancelled);
        EXPECT_GE(progress, 1.f / 3);
        EXPECT_LT(progress, 1.f) << "the load ran to the end";
        EXPECT_EQ(polls_after_cancel, 1) << "the load went on after it was told to stop";
        // The same load without the hook completes.
        EXPECT_NO_THROW(Engine::load(path, DeviceChoice::CPU, PrecisionChoice::FP32));
    }
}

TEST(LoadCancel, AHookThatCancelsAtOnceStopsBeforeTheFileIsRead) {
    ProgressHooks hooks;
    hooks.cancelled = [] { return true; };
    // A path that does not exist: the load would fail reading it, but stops first.
    EXPECT_THROW(Engine::load(kData + "no such model.pkl", DeviceChoice::CPU, PrecisionChoice::FP32, hooks), Cancelled);
}

// A load superseded by a newer one is cancelled and answers nothing; the newer
// one's result comes back alone; a failed newer load keeps the previous model.
TEST(LoadCancel, ASupersededWorkerLoadPublishesNothingAndTheOldModelStays) {
    RenderWorker w([] {});
    w.submitLoad({stylemix::testing::defaultModelPath(), DeviceChoice::CPU, PrecisionChoice::FP32});
    std::optional<WorkerResult> first;
    for (auto deadline = std::chrono::steady_clock::now() + 120s; !first && std::chrono::steady_clock::now() < deadline;) {
        first = w.poll();
        if (!first) std::this_thread::sleep_for(5ms);
    }
    ASSERT_TRUE(first && first->kind == WorkerResult::Kind::Load && first->error.empty());
    const auto old_facts = w.facts();

    const std::uint64_t superseded = w.submitLoad({kData + "sg3/sg3r_32.pkl", DeviceChoice::CPU, PrecisionChoice::FP32});
    const std::uint64_t newest = w.submitLoad({kData + "no such model.pkl", DeviceChoice::CPU, PrecisionChoice::FP32});
    ASSERT_GT(newest, superseded);
    std::vector<WorkerResult> results;
    for (auto deadline = std::chrono::steady_clock::now() + 120s; std::chrono::steady_clock::now() < deadline;) {
        while (auto r = w.poll()) results.push_back(std::move(*r));
        if (!results.empty() && w.state() == WorkerState::Idle) break;
        std::this_thread::sleep_for(5ms);
    }
    std::this_thread::sleep_for(200ms);   // anything late for the superseded load would arrive now
    while (auto r = w.poll()) results.push_back(std::move(*r));
    ASSERT_EQ(results.size(), 1u) << "one answer, for the newest load only";
    EXPECT_EQ(results[0].kind, WorkerResult::Kind::Load);
    EXPECT_EQ(results[0].generation, newest);
    EXPECT_NE(results[0].error.find("no such model.pkl"), std::string::npos) << results[0].error;
    EXPECT_EQ(w.facts(), old_facts) << "the previous model stays loaded";
    EXPECT_EQ(w.facts()->family, "stylegan2");
}
