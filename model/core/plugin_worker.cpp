#include "model/core/plugin_worker.h"

#include "model/core/install_paths.h"
#include "model/io/weights_file.h"

#include <dlfcn.h>
#include <unistd.h>

#define STYLEMIX_STRINGIFY2(x) #x
#define STYLEMIX_STRINGIFY(x) STYLEMIX_STRINGIFY2(x)

namespace stylemix {

const char* workerPluginStamp() {
    // The compiler and the sizes of what crosses the boundary: enough to catch
    // a library left over from another build.
    static const std::string stamp =
        std::string("stylemix worker 1; ") + __VERSION__ + "; " + STYLEMIX_STRINGIFY(__cplusplus) + "; " +
        std::to_string(sizeof(LoadRequest)) + "/" + std::to_string(sizeof(RenderRequest)) + "/" +
        std::to_string(sizeof(WorkerResult)) + "/" + std::to_string(sizeof(ModelFacts)) + "/" +
        std::to_string(sizeof(WorkerPluginArgs));
    return stamp.c_str();
}

PluginWorker::PluginWorker(std::string library, std::chrono::milliseconds start_after)
    : library_(std::move(library)), start_after_(start_after), loader_([this] { load(); }) {}

void PluginWorker::uiShown() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        start_ = true;
    }
    attached_cv_.notify_all();
}

PluginWorker::~PluginWorker() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    attached_cv_.notify_all();
    loader_.join();   // a dlopen cannot be interrupted: at most its remaining time
    std::unique_ptr<WorkerClient> worker;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        worker = std::move(worker_);
    }
    worker.reset();   // the library stays loaded for the process's life: its code runs this
}

void PluginWorker::attach(std::function<void()> wake, int background_nice) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        args_ = WorkerPluginArgs{std::move(wake), background_nice};
    }
    attached_cv_.notify_all();
}

// The library's factory, or null with `error` saying why it cannot be used.
MakeWorkerFn PluginWorker::openLibrary(std::string& error) const {
    // RTLD_GLOBAL, as if linked: the engine finds OpenBLAS's and CUDA's entry points with
    // dlsym(RTLD_DEFAULT, ...) (setBlasThreads, cudaFreeBytes). Never closed: its code outlives us.
    void* handle = ::dlopen(library_.c_str(), RTLD_LAZY | RTLD_GLOBAL);
    if (!handle) {
        const char* why = ::dlerror();
        error = "cannot load the render engine " + library_ + ": " + (why ? why : "unknown error");
        return nullptr;
    }
    const auto stamp = reinterpret_cast<WorkerStampFn>(::dlsym(handle, kWorkerStampSymbol));
    const auto make = reinterpret_cast<MakeWorkerFn>(::dlsym(handle, kMakeWorkerSymbol));
    if (!stamp || !make) {
        error = library_ + " is not a StyleMix render worker library (no " + kMakeWorkerSymbol + ")";
        return nullptr;
    }
    if (std::string(stamp()) != workerPluginStamp()) {
        error = library_ + " comes from another build of StyleMix (" + stamp() + "; this program: " +
                workerPluginStamp() + "): rebuild, or reinstall both";
        return nullptr;
    }
    return make;
}

// Ends the read-ahead (waiting for it outside the lock: the UI polls meanwhile)
// and gives its content to the pending load, if that is still the same file.
void PluginWorker::takeReadAhead(std::unique_lock<std::mutex>& lock) {
    library_ready_ = true;
    std::future<std::shared_ptr<const RawWeights>> read_ahead = std::move(read_ahead_);
    const std::string path = read_ahead_path_;
    if (!read_ahead.valid()) return;
    lock.unlock();
    std::shared_ptr<const RawWeights> content = read_ahead.get();
    lock.lock();
    if (content && pending_load_ && pending_load_->first.path == path) pending_load_->first.content = std::move(content);
}

// On the loading thread: the library, then (once attached) the worker.
void PluginWorker::load() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        attached_cv_.wait_for(lock, start_after_, [&] { return start_ || stop_; });
        if (stop_) return;
    }
    std::string error;
    const MakeWorkerFn make = openLibrary(error);

    std::unique_lock<std::mutex> lock(mutex_);
    attached_cv_.wait(lock, [&] { return args_.has_value() || stop_; });
    if (!stop_) takeReadAhead(lock);
    if (stop_) return;
    if (make) {
        std::unique_ptr<WorkerClient> worker(make(*args_, error));
        if (worker) worker_ = std::move(worker);
        else if (error.empty()) error = library_ + ": the render worker could not be made";
    }
    if (!worker_) {
        error_ = error;
        if (pending_load_) queueLoadFailure(pending_load_->second);
    }
    forwardPending();
    const std::function<void()> wake = args_->wake;
    lock.unlock();
    if (wake) wake();
}

// A load answered with error_ (no worker could be made).
void PluginWorker::queueLoadFailure(std::uint64_t generation) {
    WorkerResult failed;
    failed.kind = WorkerResult::Kind::Load;
    failed.generation = generation;
    failed.error = error_;
    failures_.push_back(std::move(failed));
}

void PluginWorker::forwardPending() {
    if (!worker_) {
        pending_load_.reset();
        pending_render_.reset();
        return;
    }
    if (pending_load_) load_generation_ = {worker_->submitLoad(pending_load_->first), pending_load_->second};
    if (pending_render_) render_generation_ = {worker_->submitRender(pending_render_->first), pending_render_->second};
    pending_load_.reset();
    pending_render_.reset();
}

std::uint64_t PluginWorker::submitLoad(const LoadRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uint64_t generation = ++next_generation_;
    if (worker_) {
        load_generation_ = {worker_->submitLoad(request), generation};
    } else if (!error_.empty()) {
        queueLoadFailure(generation);
    } else {
        pending_load_ = {request, generation};
        startReadAhead(request.path);
    }
    return generation;
}

// Only one read at a time, and only before the library is up: a second load
// asked for meanwhile is read by the worker itself.
void PluginWorker::startReadAhead(const std::string& path) {
    if (library_ready_ || read_ahead_.valid()) return;
    read_ahead_path_ = path;
    read_ahead_ = std::async(std::launch::async, [path]() -> std::shared_ptr<const RawWeights> {
        try {
            return std::make_shared<const RawWeights>(readWeightsFile(path));
        } catch (const std::exception&) {
            return nullptr;   // the worker reads it again and reports why, as for any load
        }
    });
}

std::uint64_t PluginWorker::submitRender(const RenderRequest& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::uint64_t generation = ++next_generation_;
    if (worker_) render_generation_ = {worker_->submitRender(request), generation};
    else if (error_.empty()) pending_render_ = {request, generation};
    return generation;   // with no worker (it failed) nothing renders, as with no model
}

std::optional<WorkerResult> PluginWorker::poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!failures_.empty()) {
        WorkerResult r = std::move(failures_.front());
        failures_.pop_front();
        return r;
    }
    if (!worker_) return std::nullopt;
    std::optional<WorkerResult> r = worker_->poll();
    if (!r) return r;
    const auto& mapping = r->kind == WorkerResult::Kind::Load ? load_generation_ : render_generation_;
    r->generation = r->generation == mapping.first ? mapping.second : 0;
    return r;
}

WorkerState PluginWorker::state() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (worker_) return worker_->state();
    return error_.empty() ? WorkerState::Loading : WorkerState::Stopped;
}

float PluginWorker::progress() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return worker_ ? worker_->progress() : 0.f;
}

std::shared_ptr<const ModelFacts> PluginWorker::facts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return worker_ ? worker_->facts() : nullptr;
}

std::string PluginWorker::defaultLibraryPath() { return runtimeLibraryPath("libstylemix_worker.so"); }

}  // namespace stylemix
