// The one mailbox between the UI and the render worker: the newest load, the
// newest render, the results not yet polled, and one generation counter for
// both. The UI side is the WorkerClient interface (submit, poll, state); the
// worker thread takes work, publishes results and reports its state here.
// A client that defers making the worker (PluginWorker) queues requests in
// this same mailbox meanwhile, so nothing is forwarded or renumbered.
//
// Threading: every member may be called from any thread; none blocks on model
// work (take() blocks the worker thread until there is work).
#pragma once

#include "model/core/worker_protocol.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace stylemix {

class WorkerMailbox final : public WorkerClient {
public:
    explicit WorkerMailbox(std::function<void()> wake = {}) : wake_(std::move(wake)) {}

    // UI side (WorkerClient).
    std::uint64_t submitLoad(const LoadRequest& request) override;
    std::uint64_t submitRender(const RenderRequest& request) override;
    std::optional<WorkerResult> poll() override;
    WorkerState state() const override { return state_.load(); }
    float progress() const override { return progress_.load(); }
    std::shared_ptr<const ModelFacts> facts() const override;

    // Called whenever a result is ready (on the publishing thread); set before a worker publishes.
    void setWake(std::function<void()> wake);

    // Worker side. The next piece of work, loads first (a render is always meant
    // for the newest model); blocks until there is one; nullopt once stopped.
    struct Work {
        std::optional<std::pair<LoadRequest, std::uint64_t>> load;
        std::optional<std::pair<RenderRequest, std::uint64_t>> render;
    };
    std::optional<Work> take();
    bool idle() const;   // nothing pending
    // Waits up to `timeout` for work (or stop); true when some is pending (or stopped) by then.
    bool waitForWork(std::chrono::milliseconds timeout);
    // Whether work of `generation` is out of date: a newer render or load was
    // submitted since (renders), a newer load (loads), or the mailbox stopped.
    bool renderSuperseded(std::uint64_t generation) const;
    bool loadSuperseded(std::uint64_t generation) const;
    // Queues a result; an undelivered partial of the same job is folded into it.
    void publish(WorkerResult result);
    void setState(WorkerState state) { state_ = state; }
    void setProgress(float fraction) { progress_ = fraction; }
    void setFacts(std::shared_ptr<const ModelFacts> facts);
    // Stops take(); work in progress sees itself superseded.
    void stop();
    bool stopped() const { return stopped_.load(); }

    // Before a worker exists: gives the pending load its file's content, if it still loads `path`.
    void attachContent(const std::string& path, std::shared_ptr<const RawWeights> content);
    // No worker will ever serve this mailbox: the pending load and every later
    // one is answered with `error`; renders are dropped.
    void refuse(const std::string& error);

private:
    void pushResult(WorkerResult result);   // mutex held

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::function<void()> wake_;
    std::optional<std::pair<LoadRequest, std::uint64_t>> pending_load_;
    std::optional<std::pair<RenderRequest, std::uint64_t>> pending_render_;
    std::deque<WorkerResult> results_;
    std::shared_ptr<const ModelFacts> facts_;
    std::string refusal_;   // non-empty: refuse() was called
    std::uint64_t next_generation_ = 1;
    std::atomic<std::uint64_t> render_generation_{0};
    std::atomic<std::uint64_t> load_generation_{0};
    std::atomic<WorkerState> state_{WorkerState::Idle};
    std::atomic<float> progress_{0.f};
    std::atomic<bool> stopped_{false};
};

}  // namespace stylemix
