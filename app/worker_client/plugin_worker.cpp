#include "app/worker_client/plugin_worker.h"

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
        std::to_string(sizeof(WorkerPluginArgs)) + "/" + std::to_string(sizeof(WorkerMailbox));
    return stamp.c_str();
}

PluginWorker::PluginWorker(std::string library, std::chrono::milliseconds start_after)
    : library_(std::move(library)), start_after_(start_after), loader_([this] { load(); }) {
    mailbox_->setState(WorkerState::Loading);   // until a worker serves it (or none can)
}

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
    worker_.reset();  // the library stays loaded for the process's life: its code runs this
}

void PluginWorker::attach(std::function<void()> wake, int background_nice) {
    mailbox_->setWake(std::move(wake));
    {
        std::lock_guard<std::mutex> lock(mutex_);
        attached_ = true;
        background_nice_ = background_nice;
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

// Ends the read-ahead (the UI polls meanwhile) and gives its content to the
// pending load, if that still loads the same file.
void PluginWorker::finishReadAhead() {
    std::future<std::shared_ptr<const RawWeights>> read_ahead;
    std::string path;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        library_ready_ = true;
        read_ahead = std::move(read_ahead_);
        path = read_ahead_path_;
    }
    if (read_ahead.valid()) mailbox_->attachContent(path, read_ahead.get());
}

std::unique_ptr<WorkerClient> PluginWorker::makeWorker(MakeWorkerFn make, std::string& error) {
    if (!make) return nullptr;
    std::unique_ptr<WorkerClient> worker(make(WorkerPluginArgs{mailbox_, background_nice_}, error));
    if (!worker && error.empty()) error = library_ + ": the render worker could not be made";
    return worker;
}

// On the loading thread: the library, then (once attached) the worker, which
// takes what waits in the mailbox. If none can be made, the mailbox answers
// every load with the reason.
void PluginWorker::load() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        attached_cv_.wait_for(lock, start_after_, [&] { return start_ || stop_; });
        if (stop_) return;
    }
    std::string error;
    const MakeWorkerFn make = openLibrary(error);
    {
        std::unique_lock<std::mutex> lock(mutex_);
        attached_cv_.wait(lock, [&] { return attached_ || stop_; });
        if (stop_) return;
    }
    finishReadAhead();
    std::unique_ptr<WorkerClient> worker = makeWorker(make, error);
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;   // `worker` (if any) stops with this scope
    if (worker) worker_ = std::move(worker);
    else mailbox_->refuse(error);
}

std::uint64_t PluginWorker::submitLoad(const LoadRequest& request) {
    const std::uint64_t generation = mailbox_->submitLoad(request);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!worker_) startReadAhead(request.path);
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

std::string PluginWorker::defaultLibraryPath() { return runtimeLibraryPath("libstylemix_worker.so"); }

}  // namespace stylemix
