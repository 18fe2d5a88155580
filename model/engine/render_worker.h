// The generator thread. The UI posts requests; the worker owns the Engine
// (model + device) and renders on its own thread; results come back as the
// plain structs of model/core/worker_protocol.h, whose threading contract it
// follows. A render in progress checks between batches whether it was
// superseded. `wake` is called on the worker thread whenever a result is
// ready (the GUI passes glfwPostEmptyEvent).
#pragma once

#include "model/core/worker_protocol.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace stylemix {

class Engine;

class RenderWorker final : public WorkerClient {
public:
    // `background_nice`: how much lower than the caller's the worker's
    // scheduling priority is (Linux nice steps, inherited by the threads the
    // model starts), so an interactive UI thread wins the cores when it
    // needs them and the renders take the rest. 0 = same priority.
    explicit RenderWorker(std::function<void()> wake = {}, int background_nice = 0);
    ~RenderWorker();   // cancels current work and joins
    RenderWorker(const RenderWorker&) = delete;
    RenderWorker& operator=(const RenderWorker&) = delete;

    std::uint64_t submitLoad(const LoadRequest& request) override;
    std::uint64_t submitRender(const RenderRequest& request) override;
    std::optional<WorkerResult> poll() override;
    WorkerState state() const override { return state_.load(); }
    float progress() const override { return progress_.load(); }
    std::shared_ptr<const ModelFacts> facts() const override;
    std::uint64_t latestRenderGeneration() const { return render_generation_.load(); }
    int rendersCompleted() const { return renders_completed_.load(); }

private:
    void run();
    void doLoad(const LoadRequest& request, std::uint64_t generation);
    void doRender(const RenderRequest& request, std::uint64_t generation);
    void publish(WorkerResult result);

    std::function<void()> wake_;
    const int background_nice_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::optional<std::pair<LoadRequest, std::uint64_t>> pending_load_;
    std::optional<std::pair<RenderRequest, std::uint64_t>> pending_render_;
    std::deque<WorkerResult> results_;
    std::shared_ptr<const ModelFacts> facts_;
    bool stop_ = false;

    std::atomic<std::uint64_t> next_generation_{1};
    std::atomic<std::uint64_t> render_generation_{0};
    std::atomic<std::uint64_t> load_generation_{0};
    std::atomic<WorkerState> state_{WorkerState::Idle};
    std::atomic<float> progress_{0.f};
    std::atomic<int> renders_completed_{0};
    std::atomic<bool> stopping_{false};

    std::unique_ptr<Engine> engine_;   // touched only on the worker thread
    std::thread thread_;               // last member: starts after everything above exists
};

}  // namespace stylemix
