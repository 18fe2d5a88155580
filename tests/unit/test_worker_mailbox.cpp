// The one mailbox between the UI and the render worker (model/core/worker_mailbox.h):
// one generation counter, loads before renders, latest render wins, partial
// results coalesced without losing what only a partial carried, and a mailbox
// no worker will ever serve answering loads with the reason.
#include "model/core/worker_mailbox.h"
#include "model/io/image_io.h"

#include <gtest/gtest.h>

#include <thread>

namespace stylemix {
namespace {

ImagePtr tile(std::uint8_t value) {
    Image image = makeImage(2, 2, 3);
    std::fill(image.pixels.begin(), image.pixels.end(), value);
    return std::make_shared<const Image>(std::move(image));
}

RenderRequest gridRequest(std::uint64_t seed) {
    MixRequest mix;
    mix.rows = {Source{seed}};
    mix.cols = {Source{seed + 1}, Source{seed + 2}};
    return RenderRequest{{ViewJob{"grid", mix}}};
}

// A 1 x 2 grid result with the given cells (null = not in this part).
WorkerResult gridPart(std::uint64_t generation, bool partial, ImagePtr a, ImagePtr b) {
    WorkerResult r;
    r.generation = generation;
    r.view = "grid";
    r.partial = partial;
    MixResult mix;
    mix.row_images = {nullptr};
    mix.col_images = {nullptr, nullptr};
    mix.cells = {{std::move(a), std::move(b)}};
    r.payload = std::move(mix);
    return r;
}

TEST(WorkerMailbox, OneGenerationCounterForLoadsAndRenders) {
    WorkerMailbox box;
    const auto load = box.submitLoad(LoadRequest{"a.safetensors"});
    const auto render = box.submitRender(gridRequest(1));
    const auto load2 = box.submitLoad(LoadRequest{"b.safetensors"});
    EXPECT_LT(load, render);
    EXPECT_LT(render, load2);
    // The newest load goes first; the render waits for it, and a newer load supersedes it.
    auto work = box.take();
    ASSERT_TRUE(work && work->load);
    EXPECT_EQ(work->load->first.path, "b.safetensors");
    EXPECT_EQ(work->load->second, load2);
    EXPECT_TRUE(box.renderSuperseded(render)) << "a load submitted after the render supersedes it";
    EXPECT_FALSE(box.loadSuperseded(load2));
    EXPECT_TRUE(box.loadSuperseded(load));
}

TEST(WorkerMailbox, TheLatestRenderReplacesAPendingOne) {
    WorkerMailbox box;
    box.submitRender(gridRequest(1));
    const auto newest = box.submitRender(gridRequest(5));
    auto work = box.take();
    ASSERT_TRUE(work && work->render);
    EXPECT_EQ(work->render->second, newest);
    EXPECT_EQ(work->render->first, gridRequest(5));
    EXPECT_TRUE(box.idle());
}

TEST(WorkerMailbox, CoalescedPartialsKeepEveryTile) {
    int wakes = 0;
    WorkerMailbox box([&] { ++wakes; });
    const auto gen = box.submitRender(gridRequest(1));
    const ImagePtr a = tile(10), b = tile(20);
    box.publish(gridPart(gen, true, a, nullptr));   // cell (0,0) first...
    box.publish(gridPart(gen, true, nullptr, b));   // ...then only the new cell (0,1)
    EXPECT_EQ(wakes, 2);
    auto r = box.poll();
    ASSERT_TRUE(r);
    EXPECT_FALSE(box.poll()) << "the older partial was folded into the newer one";
    const MixResult* mix = r->as<MixResult>();
    ASSERT_TRUE(mix);
    EXPECT_EQ(mix->cells[0][0], a) << "the tile only the older partial carried is kept (the same image, not a copy)";
    EXPECT_EQ(mix->cells[0][1], b);
}

TEST(WorkerMailbox, PartialsOfOtherViewsOrRequestsAreNotFolded) {
    WorkerMailbox box;
    const auto gen = box.submitRender(gridRequest(1));
    box.publish(gridPart(gen, true, tile(1), nullptr));
    WorkerResult other = gridPart(gen, true, nullptr, tile(2));
    other.view = "influence";
    box.publish(std::move(other));
    box.publish(gridPart(gen + 7, true, nullptr, tile(3)));
    int count = 0;
    while (box.poll()) ++count;
    EXPECT_EQ(count, 3);
}

TEST(WorkerMailbox, ARefusedMailboxAnswersEveryLoadWithTheReason) {
    WorkerMailbox box;
    const auto pending = box.submitLoad(LoadRequest{"a.safetensors"});
    box.submitRender(gridRequest(1));
    box.refuse("cannot load the render engine libx.so: no such file");
    EXPECT_EQ(box.state(), WorkerState::Stopped);
    auto first = box.poll();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->kind, WorkerResult::Kind::Load);
    EXPECT_EQ(first->generation, pending);
    EXPECT_EQ(first->error, "cannot load the render engine libx.so: no such file");
    EXPECT_FALSE(box.poll()) << "renders are dropped, as with no model";
    const auto later = box.submitLoad(LoadRequest{"b.safetensors"});
    auto second = box.poll();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->generation, later);
    EXPECT_FALSE(second->error.empty());
}

TEST(WorkerMailbox, ReadAheadContentGoesToThePendingLoadOfTheSameFileOnly) {
    WorkerMailbox box;
    box.submitLoad(LoadRequest{"b.safetensors"});
    auto content = std::make_shared<const RawWeights>();
    box.attachContent("a.safetensors", content);
    auto work = box.take();
    ASSERT_TRUE(work && work->load);
    EXPECT_EQ(work->load->first.content, nullptr);
    box.submitLoad(LoadRequest{"a.safetensors"});
    box.attachContent("a.safetensors", content);
    work = box.take();
    ASSERT_TRUE(work && work->load);
    EXPECT_EQ(work->load->first.content, content);
}

TEST(WorkerMailbox, StopWakesAWaitingWorker) {
    WorkerMailbox box;
    std::optional<WorkerMailbox::Work> got{WorkerMailbox::Work{}};
    std::thread worker([&] { got = box.take(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    box.stop();
    worker.join();
    EXPECT_FALSE(got.has_value());
    EXPECT_TRUE(box.renderSuperseded(1)) << "work in progress sees itself superseded";
}

// The worker's idle wait before it trims memory: a request arriving meanwhile
// ends the wait at once (a drag never waits behind the trim).
TEST(WorkerMailbox, AnIdleWaitEndsWhenWorkArrives) {
    WorkerMailbox box;
    EXPECT_FALSE(box.waitForWork(std::chrono::milliseconds(10))) << "nothing came";
    bool woke = false;
    std::thread worker([&] { woke = box.waitForWork(std::chrono::seconds(60)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto t0 = std::chrono::steady_clock::now();
    box.submitRender(gridRequest(3));
    worker.join();
    EXPECT_TRUE(woke);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30)) << "the wait must end with the request, not its timeout";
    EXPECT_TRUE(box.waitForWork(std::chrono::milliseconds(0))) << "work is pending";
}

}  // namespace
}  // namespace stylemix
