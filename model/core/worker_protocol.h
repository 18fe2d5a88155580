// The render worker's protocol: the plain request/result structs the GUI and
// the worker exchange, and the interface the GUI drives (RenderWorker in
// model/engine implements it; GUI tests use a fake). Torch-free.
//
// Threading contract of every WorkerClient:
//  - submitLoad/submitRender/poll/state/progress may be called from any one
//    thread (the UI thread); they never block on model work.
//  - Latest request wins: a newer render request replaces a pending one, and a
//    render in progress stops early when superseded. Results carry the
//    generation of the request they answer.
#pragma once

#include "model/core/render_types.h"
#include "model/io/raw_weights.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace stylemix {

struct LoadRequest {
    std::string path;
    DeviceChoice device = DeviceChoice::Auto;
    PrecisionChoice precision = PrecisionChoice::FP32;
    // The engine's cache budget (sources' ws, activations, finished cells); 0 = the engine's default.
    std::size_t cache_budget_bytes = 0;
    // Optional: the file as readWeightsFile(path) read it, ahead of the load (PluginWorker reads it
    // while LibTorch loads). Not part of the request's identity.
    std::shared_ptr<const RawWeights> content = nullptr;
    bool operator==(const LoadRequest& o) const {
        return path == o.path && device == o.device && precision == o.precision &&
               cache_budget_bytes == o.cache_budget_bytes;
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
    enum class Kind { Load, MixPartial, Mix, LabPartial, Lab, Split } kind = Kind::Mix;
    std::uint64_t generation = 0;     // of the request answered
    std::string error;                // non-empty = failed (the previous model stays loaded)
    std::shared_ptr<const ModelFacts> facts;   // the model that rendered it
    // Kind::Mix / MixPartial: cells not yet rendered are empty images.
    MixResult mix;
    // Kind::Lab / LabPartial (the std-dev over the lab.samples realisations done so far)
    NoiseLabResult lab;
    // Kind::Split
    Image split_left, split_right;
    double elapsed_ms = 0;
};

enum class WorkerState { Idle, Loading, Rendering, Stopped };
const char* workerStateName(WorkerState s);

class WorkerClient {
public:
    virtual ~WorkerClient() = default;
    virtual std::uint64_t submitLoad(const LoadRequest& request) = 0;
    virtual std::uint64_t submitRender(const RenderRequest& request) = 0;
    // Oldest undelivered result, if any (the UI drains this each frame).
    virtual std::optional<WorkerResult> poll() = 0;
    virtual WorkerState state() const = 0;
    virtual float progress() const = 0;                           // of the current job, 0..1
    virtual std::shared_ptr<const ModelFacts> facts() const = 0;  // loaded model, or null
    // The UI has put its first frame on screen. A worker that defers heavy
    // start-up work does it from now on (PluginWorker loads LibTorch: a
    // dlopen holds the dynamic loader's lock for its whole length, and Mesa's
    // software rasteriser takes that lock to compile each new shader, so
    // loading any earlier would freeze the first frame).
    virtual void uiShown() {}
};

// Makes the worker the GUI drives: `wake` is called (on the worker's thread)
// whenever a result is ready; `background_nice` lowers the worker's priority.
using WorkerFactory = std::function<std::unique_ptr<WorkerClient>(std::function<void()> wake, int background_nice)>;

}  // namespace stylemix
