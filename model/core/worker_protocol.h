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
//  - One mailbox (worker_mailbox.h) carries requests and results between the
//    UI and the worker thread, with one generation counter.
#pragma once

#include "model/core/animation_spec.h"
#include "model/core/layer_view.h"
#include "model/core/noise_by_layer.h"
#include "model/core/render_types.h"
#include "model/io/raw_weights.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

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
struct SplitResult {
    ImagePtr left, right;
};

// The ws one grid tile renders from, by the grid's rule (engine_mix.cpp): the
// subject's source mapped and truncated as the grid maps it, with the styles
// `subject.styles` taken from `subject.mix_with` (a cell); W arrays as they are.
// For "Save ws as .npz" (gui/views/grid/tile_actions.h).
struct WsRequest {
    LabSubject subject;
    bool operator==(const WsRequest& o) const { return subject == o.subject; }
};
struct WsResult {
    int num_ws = 0, w_dim = 0;
    std::vector<float> values;   // float32 [num_ws, w_dim], row-major
};

// What a job asks the worker to render, and what comes back: the worker
// dispatches on the alternative (render_worker.cpp, one function each). A new
// kind of work is one alternative in both variants and one function there;
// a new view that reuses existing kinds touches neither.
// InterpolationRequest (render_types.h): a strip of frames, each frame's ws and image (one final result).
// LayerRequest (layer_view.h), NoiseByLayerRequest (noise_by_layer.h), AnimationRequest (animation_spec.h).
using JobRequest = std::variant<MixRequest, NoiseLabRequest, SplitRequest, WsRequest, InterpolationRequest,
                                LayerRequest, NoiseByLayerRequest, AnimationRequest>;
using JobResult = std::variant<MixResult, NoiseLabResult, SplitResult, WsResult, InterpolationResult,
                               LayerResult, NoiseByLayerResult, AnimationResult>;
static_assert(std::variant_size_v<JobRequest> == std::variant_size_v<JobResult>, "one result kind per job kind, in order");
// "mix", "lab", "split", "ws", "interpolation", "layer", "noise-by-layer", "animation": the alternative's name, for messages.
const char* jobKindName(const JobRequest& request);

// One piece of work a view asks for. Results come back under the same view
// id; a view asks at most one job of each kind per request.
struct ViewJob {
    std::string view;   // the asking view's id (View::id() in gui/views/view.h)
    JobRequest request;
    bool operator==(const ViewJob& o) const { return view == o.view && request == o.request; }
    bool operator!=(const ViewJob& o) const { return !(*this == o); }
};

// Everything the UI currently wants rendered, in order (an earlier job's
// results come first); rebuilt every frame by the visible views and
// submitted only when it differs from the last one. Empty = cancel.
struct RenderRequest {
    std::vector<ViewJob> jobs;
    bool operator==(const RenderRequest& o) const { return jobs == o.jobs; }
    bool operator!=(const RenderRequest& o) const { return !(*this == o); }
};

struct WorkerResult {
    enum class Kind { Load, Render } kind = Kind::Render;
    std::uint64_t generation = 0;     // of the request answered
    std::string error;                // non-empty = failed (the previous model stays loaded)
    std::shared_ptr<const ModelFacts> facts;   // the model that rendered it
    // Kind::Render: which view's job this answers, and with what.
    std::string view;
    // A progressive part; the job's final result follows. A partial MixResult
    // holds only the tiles new since the previous part (others null), a partial
    // NoiseLabResult the map over the realisations done so far.
    bool partial = false;
    JobResult payload;
    double elapsed_ms = 0;

    template <class T> const T* as() const { return std::get_if<T>(&payload); }
    template <class T> T* as() { return std::get_if<T>(&payload); }
};

// Folds an undelivered older partial of the same job into `newer` (a newer
// partial or the final result), so coalescing the queue drops nothing a
// partial alone carried: a partial grid's tiles the newer one lacks.
void absorbOlderPartial(WorkerResult& newer, WorkerResult&& older);
// Whether `a` and `b` answer the same job (same view, same kind of result).
bool sameJob(const WorkerResult& a, const WorkerResult& b);

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
