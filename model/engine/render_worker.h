// The generator thread. It owns the Engine (model + device), takes work from
// a WorkerMailbox (worker_mailbox.h) and publishes results there, so the UI
// sees the plain structs of model/core/worker_protocol.h under its threading
// contract. A render in progress checks between batches whether it was
// superseded. Each kind of job (JobRequest's alternatives) is rendered by one
// function in render_jobs.cpp.
#pragma once

#include "model/core/worker_mailbox.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

namespace stylemix {

class Engine;

class RenderWorker final : public WorkerClient {
public:
    // Serves `mailbox` (made by whoever made the request queue, e.g. PluginWorker).
    // `background_nice`: how much lower than the caller's the worker's
    // scheduling priority is (Linux nice steps, inherited by the threads the
    // model starts), so an interactive UI thread wins the cores when it
    // needs them and the renders take the rest. 0 = same priority.
    RenderWorker(std::shared_ptr<WorkerMailbox> mailbox, int background_nice);
    // With a mailbox of its own; `wake` is called (on the worker thread) whenever a result is ready.
    explicit RenderWorker(std::function<void()> wake = {}, int background_nice = 0);
    ~RenderWorker() override;   // cancels current work and joins
    RenderWorker(const RenderWorker&) = delete;
    RenderWorker& operator=(const RenderWorker&) = delete;

    // WorkerClient: the mailbox's.
    std::uint64_t submitLoad(const LoadRequest& request) override { return mailbox_->submitLoad(request); }
    std::uint64_t submitRender(const RenderRequest& request) override { return mailbox_->submitRender(request); }
    std::optional<WorkerResult> poll() override { return mailbox_->poll(); }
    WorkerState state() const override { return mailbox_->state(); }
    float progress() const override { return mailbox_->progress(); }
    std::shared_ptr<const ModelFacts> facts() const override { return mailbox_->facts(); }
    int rendersCompleted() const { return renders_completed_.load(); }

private:
    void run();
    void doLoad(const LoadRequest& request, std::uint64_t generation);
    void doRender(const RenderRequest& request, std::uint64_t generation);

    const std::shared_ptr<WorkerMailbox> mailbox_;
    const int background_nice_;
    std::atomic<int> renders_completed_{0};
    std::unique_ptr<Engine> engine_;   // touched only on the worker thread
    std::thread thread_;               // last member: starts after everything above exists
};

}  // namespace stylemix
