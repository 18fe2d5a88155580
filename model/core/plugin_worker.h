// The render worker, loaded from a shared library on a background thread.
//
// LibTorch takes most of a cold start (Debian's pulls in ~290 shared
// libraries and registers thousands of operators before main: 0.5-1 s on a
// 2-core machine). The explorer links only the torch-free parts of model/ and
// gets its RenderWorker from libstylemix_worker.so (app/worker_plugin.cpp), so
// the window is up while LibTorch loads. Requests made meanwhile wait here
// (the newest load and the newest render, as the worker itself keeps them) and
// go to the worker, in order, once it exists; generations are this object's
// own, so the caller never sees the swap. The first load's file is read
// meanwhile on another thread (readWeightsFile, torch-free) and handed over
// with the request: for a 1024² model that is most of its load time.
//
// Threading: as WorkerClient; the loading thread only touches state under
// the mutex, and calls `wake` when the worker is up (or failed).
#pragma once

#include "model/core/worker_protocol.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace stylemix {

// The library's entry point: makes the worker or returns null with `error` set.
struct WorkerPluginArgs {
    std::function<void()> wake;
    int background_nice = 0;
};
using MakeWorkerFn = WorkerClient* (*)(const WorkerPluginArgs& args, std::string& error);
inline constexpr const char* kMakeWorkerSymbol = "stylemix_make_render_worker";
// The library's build stamp, checked against the caller's (both come from
// workerPluginStamp() at compile time): a library from another build may lay
// out the protocol's structs differently.
using WorkerStampFn = const char* (*)();
inline constexpr const char* kWorkerStampSymbol = "stylemix_render_worker_stamp";
const char* workerPluginStamp();

class PluginWorker final : public WorkerClient {
public:
    // Loads `library` on its own thread, once uiShown() is called (at the latest after `start_after`).
    explicit PluginWorker(std::string library, std::chrono::milliseconds start_after = std::chrono::seconds(2));
    ~PluginWorker() override;   // waits for the loading thread, then stops the worker
    PluginWorker(const PluginWorker&) = delete;
    PluginWorker& operator=(const PluginWorker&) = delete;

    // The worker is made once the library is loaded and this was called.
    void attach(std::function<void()> wake, int background_nice);
    // Loading starts at the first of uiShown() and `start_after` past construction.
    void uiShown() override;

    std::uint64_t submitLoad(const LoadRequest& request) override;
    std::uint64_t submitRender(const RenderRequest& request) override;
    std::optional<WorkerResult> poll() override;
    WorkerState state() const override;
    float progress() const override;
    std::shared_ptr<const ModelFacts> facts() const override;

    // libstylemix_worker.so beside the running executable, else in ../lib/stylemix.
    static std::string defaultLibraryPath();

private:
    void load();
    MakeWorkerFn openLibrary(std::string& error) const;
    void takeReadAhead(std::unique_lock<std::mutex>& lock);
    void startReadAhead(const std::string& path);   // mutex held
    void forwardPending();                          // mutex held
    void queueLoadFailure(std::uint64_t generation);   // mutex held

    const std::string library_;
    mutable std::mutex mutex_;
    std::condition_variable attached_cv_;   // args_, start_ or stop_ changed
    const std::chrono::milliseconds start_after_;
    bool start_ = false;
    std::optional<WorkerPluginArgs> args_;
    std::unique_ptr<WorkerClient> worker_;
    std::string error_;   // non-empty: the library or the worker could not be made
    std::uint64_t next_generation_ = 0;
    std::optional<std::pair<LoadRequest, std::uint64_t>> pending_load_;
    std::optional<std::pair<RenderRequest, std::uint64_t>> pending_render_;
    // The worker's generation -> ours, for the newest load and render (older
    // results are stale to the caller anyway, and come back as generation 0).
    std::pair<std::uint64_t, std::uint64_t> load_generation_{0, 0}, render_generation_{0, 0};
    std::deque<WorkerResult> failures_;                      // load errors to hand out
    bool stop_ = false;
    // The first load's file, read while the library loads (until library_ready_).
    std::future<std::shared_ptr<const RawWeights>> read_ahead_;
    std::string read_ahead_path_;
    bool library_ready_ = false;
    std::thread loader_;
};

}  // namespace stylemix
