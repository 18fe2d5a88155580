// The generator thread. The UI posts requests; the worker owns the Engine
// (model + device) and renders on its own thread; results come back as plain
// structs. Torch-free header: the GUI includes it.
//
// Threading contract:
//  - submitLoad/submitRender/poll/state/progress may be called from any one
//    thread (the UI thread); they never block on model work.
//  - Latest request wins: a newer render request replaces a pending one, and a
//    render in progress checks between batches whether it was superseded and
//    stops early. Results carry the generation of the request they answer.
//  - `wake` is called on the worker thread whenever a result is ready (the GUI
//    passes glfwPostEmptyEvent).
#pragma once

#include "model/render_types.h"

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

struct LoadRequest {
    std::string path;
    DeviceChoice device = DeviceChoice::Auto;
    PrecisionChoice precision = PrecisionChoice::FP32;
    bool operator==(const LoadRequest& o) const {
        return path == o.path && device == o.device && precision == o.precision;
    }
    bool operator!=(const LoadRequest& o) const { return !(*this == o); }
};

// Two noise configurations of one subject, for the split view (paper Fig. 5).
struct SplitRequest {
    LabSubject subject;
    NoiseSpec left;
    NoiseSpec right;
    bool operator==(const SplitRequest& o) const {
        return subject == o.subject && left == o.left && right == o.right;
    }
};

// Everything the UI currently wants rendered; rebuilt every frame by the
// panels and submitted only when it differs from the last one.
struct RenderRequest {
    std::optional<MixRequest> mix;
    std::optional<NoiseLabRequest> lab;
    std::optional<SplitRequest> split;
    bool operator==(const RenderRequest& o) const { return mix == o.mix && lab == o.lab && split == o.split; }
    bool operator!=(const RenderRequest& o) const { return !(*this == o); }
};

struct WorkerResult {
    enum class Kind { Load, MixPartial, Mix, Lab, Split } kind = Kind::Mix;
    std::uint64_t generation = 0;     // of the request answered
    std::string error;                // non-empty = failed (the previous model stays loaded)
    std::shared_ptr<const ModelFacts> facts;   // the model that rendered it
    // Kind::Mix / MixPartial: cells not yet rendered are empty images.
    MixResult mix;
    // Kind::Lab
    NoiseLabResult lab;
    // Kind::Split
    Image split_left, split_right;
    double elapsed_ms = 0;
};

enum class WorkerState { Idle, Loading, Rendering, Stopped };
const char* workerStateName(WorkerState s);

class RenderWorker {
public:
    // `background_nice`: how much lower than the caller's the worker's
    // scheduling priority is (Linux nice steps, inherited by the threads the
    // model starts), so an interactive UI thread wins the cores when it
    // needs them and the renders take the rest. 0 = same priority.
    explicit RenderWorker(std::function<void()> wake = {}, int background_nice = 0);
    ~RenderWorker();   // cancels current work and joins
    RenderWorker(const RenderWorker&) = delete;
    RenderWorker& operator=(const RenderWorker&) = delete;

    std::uint64_t submitLoad(const LoadRequest& request);
    std::uint64_t submitRender(const RenderRequest& request);
    // Oldest undelivered result, if any (the UI drains this each frame).
    std::optional<WorkerResult> poll();

    WorkerState state() const { return state_.load(); }
    float progress() const { return progress_.load(); }   // of the current job, 0..1
    std::uint64_t latestRenderGeneration() const { return render_generation_.load(); }
    std::shared_ptr<const ModelFacts> facts() const;       // loaded model, or null
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
