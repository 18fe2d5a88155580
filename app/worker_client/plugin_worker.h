// The render worker, loaded from a shared library on a background thread.
//
// LibTorch takes most of a cold start (Debian's pulls in ~290 shared
// libraries and registers thousands of operators before main: 0.5-1 s on a
// 2-core machine). The explorer links only the torch-free parts of model/ and
// gets its RenderWorker from libstylemix_worker.so (app/worker_plugin.cpp), so
// the window is up while LibTorch loads. This object only defers making the
// worker: it owns the one WorkerMailbox, so requests made meanwhile simply wait
// there under their own generations, and the worker, once made, serves that
// same mailbox. The first load's file is read meanwhile on another thread
// (readWeightsFile, torch-free) and handed to the pending load: for a 1024²
// model that is most of its load time.
//
// Threading: as WorkerClient; the loading thread touches only the mailbox and
// this object's own state under its mutex.
#pragma once

#include "model/core/worker_mailbox.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace stylemix {

// The library's entry point: makes a worker serving `mailbox`, or returns null with `error` set.
struct WorkerPluginArgs {
    std::shared_ptr<WorkerMailbox> mailbox;
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

    // The mailbox's, plus the first load's read-ahead.
    std::uint64_t submitLoad(const LoadRequest& request) override;
    std::uint64_t submitRender(const RenderRequest& request) override { return mailbox_->submitRender(request); }
    std::optional<WorkerResult> poll() override { return mailbox_->poll(); }
    WorkerState state() const override { return mailbox_->state(); }
    float progress() const override { return mailbox_->progress(); }
    std::shared_ptr<const ModelFacts> facts() const override { return mailbox_->facts(); }

    // libstylemix_worker.so beside the running executable, else in ../lib/stylemix.
    static std::string defaultLibraryPath();

private:
    void load();
    MakeWorkerFn openLibrary(std::string& error) const;
    std::unique_ptr<WorkerClient> makeWorker(MakeWorkerFn make, std::string& error);
    void finishReadAhead();
    void startReadAhead(const std::string& path);   // mutex held

    const std::string library_;
    const std::shared_ptr<WorkerMailbox> mailbox_ = std::make_shared<WorkerMailbox>();
    mutable std::mutex mutex_;
    std::condition_variable attached_cv_;   // attached_, start_ or stop_ changed
    const std::chrono::milliseconds start_after_;
    bool start_ = false;
    bool attached_ = false;
    int background_nice_ = 0;
    bool stop_ = false;
    // The first load's file, read while the library loads (until library_ready_).
    std::future<std::shared_ptr<const RawWeights>> read_ahead_;
    std::string read_ahead_path_;
    bool library_ready_ = false;
    std::unique_ptr<WorkerClient> worker_;   // owns the thread that serves mailbox_
    std::thread loader_;
};

}  // namespace stylemix
