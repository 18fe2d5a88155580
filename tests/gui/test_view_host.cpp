// The app's worker pump (gui/view_host.h): the visible views' jobs go out as
// one request only when they change, jobs already on screen are not rendered
// again, an empty request cancels work in flight, and each result of the
// newest request reaches the view that asked, by id.
#include "gui/view_host.h"

#include "gui/views/view_registry.h"

#include "imgui_harness.h"
#include "panel_fixture.h"

#include <gtest/gtest.h>

#include <deque>

namespace stylemix::gui {
namespace {

// Records what is submitted; results are queued by the test.
class RecordingWorker final : public WorkerClient {
public:
    std::vector<RenderRequest> renders;
    std::deque<WorkerResult> results;
    std::uint64_t next = 1;
    std::uint64_t submitLoad(const LoadRequest&) override { return next++; }
    std::uint64_t submitRender(const RenderRequest& request) override {
        renders.push_back(request);
        return next++;
    }
    std::optional<WorkerResult> poll() override {
        if (results.empty()) return std::nullopt;
        WorkerResult r = std::move(results.front());
        results.pop_front();
        return r;
    }
    WorkerState state() const override { return WorkerState::Idle; }
    float progress() const override { return 0.f; }
    std::shared_ptr<const ModelFacts> facts() const override { return nullptr; }
};

// A view asking for one noise-lab job whose sample count the test sets.
class CountingView final : public View {
public:
    explicit CountingView(std::string id) : id_(std::move(id)) {}
    int samples = 16;
    std::optional<NoiseLabRequest> done;
    std::vector<WorkerResult> accepted;
    std::vector<std::vector<ViewJob>> submissions;

    const char* id() const override { return id_.c_str(); }
    const char* title() const override { return id_.c_str(); }
    std::uint32_t slotBase() const override { return 31 * kSlotsPerView; }
    std::vector<ViewJob> buildRequest(const Panels&, const ModelFacts&) override { return {ViewJob{id_, job()}}; }
    bool shows(const ViewJob& j) const override {
        const auto* lab = std::get_if<NoiseLabRequest>(&j.request);
        return lab && done == *lab;
    }
    void submitted(const std::vector<ViewJob>& jobs) override { submissions.push_back(jobs); }
    void accept(WorkerResult&& r, TextureStore&) override {
        if (!r.partial) done = job();
        accepted.push_back(std::move(r));
    }
    void draw(ViewFrame&, CanvasFrame&) override {}
    void modelChanged() override { done.reset(); }
    NoiseLabRequest job() const {
        NoiseLabRequest lab;
        lab.samples = samples;
        return lab;
    }

private:
    std::string id_;
};

struct HostFixture : ::testing::Test {
    HostFixture() {
        std::vector<std::unique_ptr<View>> views;
        views.push_back(std::make_unique<CountingView>("first"));
        views.push_back(std::make_unique<CountingView>("second"));
        host = std::make_unique<ViewHost>(std::move(views));
        auto w = std::make_unique<RecordingWorker>();
        worker = w.get();
        host->attach(std::move(w));
        first = dynamic_cast<CountingView*>(host->find("first"));
        second = dynamic_cast<CountingView*>(host->find("second"));
    }
    WorkerResult resultFor(const std::string& view, bool partial) const {
        WorkerResult r;
        r.generation = worker->next - 1;   // the newest request's
        r.view = view;
        r.partial = partial;
        r.payload = NoiseLabResult{};
        return r;
    }
    void drain() {
        host->drain(textures, [](WorkerResult&) {}, [this](const std::string& e) { errors.push_back(e); });
    }

    test::Panels panels;
    ModelFacts facts = test::makeFacts(64);
    TextureStore textures;   // never touched: the counting views upload nothing
    std::unique_ptr<ViewHost> host;
    RecordingWorker* worker = nullptr;
    CountingView *first = nullptr, *second = nullptr;
    std::vector<std::string> errors;
};

TEST_F(HostFixture, NothingIsAskedWithoutAModel) {
    host->update({first}, panels, nullptr);
    EXPECT_TRUE(worker->renders.empty());
}

TEST_F(HostFixture, AnUnchangedRequestGoesOutOnce) {
    for (int frame = 0; frame < 5; ++frame) host->update({first}, panels, &facts);
    ASSERT_EQ(worker->renders.size(), 1u);
    ASSERT_EQ(worker->renders[0].jobs.size(), 1u);
    EXPECT_EQ(worker->renders[0].jobs[0].view, "first");
    first->samples = 32;   // a setting changed: the new request replaces it
    host->update({first}, panels, &facts);
    ASSERT_EQ(worker->renders.size(), 2u);
    EXPECT_EQ(std::get<NoiseLabRequest>(worker->renders[1].jobs[0].request).samples, 32);
}

TEST_F(HostFixture, ResultsReachTheViewThatAskedAndStaleOnesAreDropped) {
    host->update({first, second}, panels, &facts);
    ASSERT_EQ(worker->renders.back().jobs.size(), 2u);
    WorkerResult stale = resultFor("first", false);
    stale.generation = 0;
    worker->results.push_back(stale);
    worker->results.push_back(resultFor("second", true));
    worker->results.push_back(resultFor("first", false));
    drain();
    ASSERT_EQ(first->accepted.size(), 1u) << "the stale result was dropped";
    EXPECT_FALSE(first->accepted[0].partial);
    ASSERT_EQ(second->accepted.size(), 1u);
    EXPECT_TRUE(second->accepted[0].partial);
    EXPECT_TRUE(host->inFlight()) << "the second view's final result has not come";
    worker->results.push_back(resultFor("second", false));
    drain();
    EXPECT_FALSE(host->inFlight());
    EXPECT_TRUE(host->upToDate());
}

TEST_F(HostFixture, JobsOnScreenAreNotRenderedAgainAndGoingBackCancels) {
    host->update({first}, panels, &facts);
    worker->results.push_back(resultFor("first", false));
    drain();
    host->update({second}, panels, &facts);   // the user switches views
    ASSERT_EQ(worker->renders.size(), 2u);
    ASSERT_EQ(worker->renders[1].jobs.size(), 1u);
    EXPECT_EQ(worker->renders[1].jobs[0].view, "second");
    host->update({first}, panels, &facts);    // and back, before the second view's result came
    ASSERT_EQ(worker->renders.size(), 3u);
    EXPECT_TRUE(worker->renders[2].jobs.empty()) << "the first view's job is on screen; the empty request cancels";
    EXPECT_TRUE(second->submissions.back().empty());
    EXPECT_FALSE(host->inFlight());
    host->update({second}, panels, &facts);   // the second view's job was never finished: asked again
    EXPECT_EQ(worker->renders.back().jobs.size(), 1u);
}

TEST_F(HostFixture, RenderErrorsAreReportedOncePerMessage) {
    host->update({first}, panels, &facts);
    for (int i = 0; i < 3; ++i) {
        WorkerResult r = resultFor("first", false);
        r.error = "out of memory";
        worker->results.push_back(r);
    }
    drain();
    EXPECT_EQ(errors, std::vector<std::string>{"out of memory"});
    EXPECT_TRUE(first->accepted.empty());
}

TEST_F(HostFixture, ANewModelForgetsWhatIsOnScreen) {
    host->update({first}, panels, &facts);
    worker->results.push_back(resultFor("first", false));
    drain();
    ASSERT_TRUE(host->upToDate());
    host->modelChanged();
    EXPECT_FALSE(first->done);
    host->update({first}, panels, &facts);
    EXPECT_EQ(worker->renders.size(), 2u) << "the same job is asked again of the new model";
}

// Each registered view numbers its images and canvases from its own base: no two overlap.
TEST(ViewRegistry, ViewsHaveDistinctIdsAndSlotRanges) {
    const auto views = makeViews();
    ASSERT_GE(views.size(), 2u);
    for (std::size_t i = 0; i < views.size(); ++i) {
        EXPECT_EQ(views[i]->slotBase() % kSlotsPerView, 0u) << views[i]->id();
        EXPECT_GT(views[i]->slotBase(), 0u) << views[i]->id() << ": slot 0 is ImageSlot::None";
        for (std::size_t j = 0; j < i; ++j) {
            EXPECT_NE(views[i]->slotBase(), views[j]->slotBase()) << views[i]->id() << " and " << views[j]->id();
            EXPECT_STRNE(views[i]->id(), views[j]->id());
        }
    }
}

}  // namespace
}  // namespace stylemix::gui
