// The generator behind a torch-free facade: load a model on a device and
// render the paper's figures. The CLI and the render worker both drive this.
//
// Threading: an Engine is used by one thread at a time (the render worker, or
// the CLI's main thread). Progress and cancellation go through ProgressHooks.
#pragma once

#include "model/core/animation_spec.h"
#include "model/core/cancel.h"
#include "model/core/layer_view.h"
#include "model/core/noise_by_layer.h"
#include "model/core/noise_presets.h"
#include "model/core/render_types.h"
#include "model/io/raw_weights.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace stylemix {

class Generator;
struct ExecutionOptions;

// What the engine keeps between requests (sources' ws, images and activation
// snapshots; finished cells), for the benchmark and the UI's status line.
struct EngineCacheStats {
    std::size_t bytes = 0;          // activation snapshots + images held
    std::size_t budget = 0;
    int sources = 0;                // cached source entries
    int cells = 0;                  // cached cell images
    // Over the last mix(): how much was reused.
    int sources_reused = 0;         // sources needing no synthesis at all
    int sources_rendered = 0;
    int cells_reused = 0;           // cells from the cell cache or equal to a source
    int cells_rendered = 0;
    double first_image_ms = 0;      // mix() start to the first image callback
};

class Engine {
public:
    // Loads `path` (.safetensors or NVIDIA .pkl). Throws with the file and cause.
    // `content`, when given, is the file as readWeightsFile(path) read it (ahead of time, its
    // hash included); the path then only names it.
    static std::unique_ptr<Engine> load(const std::string& path, DeviceChoice device = DeviceChoice::Auto,
                                        PrecisionChoice precision = PrecisionChoice::FP32,
                                        const ProgressHooks& hooks = {},
                                        const std::shared_ptr<const RawWeights>& content = nullptr);
    // Wraps an already built generator (benchmarks: random-weight models). `label` stands in for the path.
    static std::unique_ptr<Engine> fromGenerator(std::unique_ptr<Generator> generator, const std::string& label);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const ModelFacts& facts() const;

    std::vector<Image> generate(const GenerateRequest& request, const ProgressHooks& hooks = {});

    // The ws a source renders from, as generate() maps it: float32 [num_ws, w_dim], row-major.
    std::vector<float> sourceWs(const Source& source, const Truncation& truncation = {});
    // The ws a grid tile renders from, as mix() maps them: the subject's source (and for a cell the
    // styles `subject.styles` from `subject.mix_with`), truncated as the grid truncates. [num_ws, w_dim].
    std::vector<float> gridTileWs(const LabSubject& subject);

    // Frames from one source to another (render_types.h: InterpolationRequest).
    // Throws for z space with a source that is not a seed or an integer position.
    InterpolationResult interpolate(const InterpolationRequest& request, const ProgressHooks& hooks = {});
    // Renders sources and cells, batching cells and reusing the activations a
    // cell shares with a source. `on_progress` sees each image as it is ready.
    MixResult mix(const MixRequest& request, const ProgressHooks& hooks = {},
                  const std::function<void(const MixProgress&)>& on_progress = {});

    // K realisations of one subject and their per-pixel std-dev. `on_partial`
    // (called on this thread) sees the result so far: as soon as realisation 0
    // is in, then at most every 100 ms; the final result is only returned. A
    // partial's realisations are the same objects the next partials and the
    // final result hold (shared, never copied).
    NoiseLabResult noiseLab(const NoiseLabRequest& request, const ProgressHooks& hooks = {},
                            const std::function<void(NoiseLabResult)>& on_partial = {});

    // Fig. 5: noise in all / no / fine-only (64² and up) / coarse-only (up to 32²) layers.
    NoiseLayersResult noiseLayers(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks = {});
    // Same subject under any noise spec (used for split views).
    Image renderSubject(const LabSubject& subject, const NoiseSpec& noise, const ProgressHooks& hooks = {});

    // The layer view (layer_view.h): the subject's activation `request.layer` for A (and B and the
    // mix), displayed as NVIDIA's visualizer displays it. Throws naming an unknown layer.
    LayerResult layerView(const LayerRequest& request, const ProgressHooks& hooks = {});
    // The raw activation `layer` of a subject's image, float32 [C, H, W] row-major (`stylemix layers --out`).
    std::vector<float> captureActivation(const LabSubject& subject, const NoiseSpec& noise, const std::string& layer);

    // Noise by layer (noise_by_layer.h): per noise layer, the std-dev over K realisations of that
    // layer's noise alone. `on_partial` sees the layers done so far.
    NoiseByLayerResult noiseByLayer(const NoiseByLayerRequest& request, const ProgressHooks& hooks = {},
                                    const std::function<void(const NoiseByLayerResult&)>& on_partial = {});

    // Motion (animation_spec.h): frame `index` of the spec. `animate` renders frames in order and
    // hands each to `on_frame` (return false to stop): playback and the encoders share it.
    Image animationFrame(const AnimationSpec& spec, int index, const ProgressHooks& hooks = {});
    void animate(const AnimationSpec& spec, const ProgressHooks& hooks,
                 const std::function<bool(int index, const Image& frame)>& on_frame);

    // Upper bound on images per forward pass (memory budget).
    void setMaxBatch(int max_batch);
    int maxBatch() const;

    // Cross-request reuse: mix() keeps each source's ws, image and activation
    // snapshots (keyed by source, truncation and noise) and finished cells, so
    // a crossover change with unchanged sources only renders cells, each from
    // its longest single-source prefix. Results equal an uncached engine's.
    void setCacheBudget(std::size_t bytes);   // 0 disables caching
    void clearCache();
    EngineCacheStats cacheStats() const;

    // The generator and its execution settings (changing them clears the cache).
    const Generator& generator() const;
    void setExecution(const ExecutionOptions& options);

    struct Impl;

private:
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};


// Validates a request against the model; throws naming the field.
void validateMixRequest(const MixRequest& request, const ModelFacts& facts);

}  // namespace stylemix
