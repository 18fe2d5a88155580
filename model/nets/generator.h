// The seam every generator family plugs into. The engine, the render worker,
// the CLI and the benchmarks use only this interface: mapping (z, c, psi,
// cutoff -> ws), layer-by-layer synthesis over a resumable state (prefix
// reuse for any family), and a torch-free description (layer map, noise
// layers, presets, facts). A family is one folder under model/nets/ with a
// subclass of Generator; the families are listed in model/nets/families.cpp
// (the builders) and model/nets/family_reader.cpp (the torch-free readers
// that decide which family a file is).
//
// Threading: a Generator is immutable after construction except through
// setExecution (called by the render thread between renders, never during
// one). Everything a render varies (ws, noise, the input transform) is an
// argument of the call or part of the SynthesisState it runs on. Const methods
// may be called from one thread at a time per instance (the render worker),
// and parallelJobs fans work out to the CPU pool.
#pragma once

#include "model/core/input_transform.h"
#include "model/core/model_description.h"
#include "model/core/noise_spec.h"
#include "model/nets/execution.h"

#include <torch/torch.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

namespace stylemix {

class CpuWorkerPool;
class CudaGraphRunner;

// Catches one activation by name while layers run (Generator::captureActivation).
// Families offer each activation their description lists, by that name, when a
// state carries a tap: `if (state.tap) state.tap->offer(name, tensor)`.
struct ActivationTap {
    std::string wanted;
    torch::Tensor captured;   // float32, contiguous, a copy; undefined until offered
    void offer(const std::string& name, const torch::Tensor& t) {
        if (!captured.defined() && name == wanted) captured = t.to(torch::kFloat32).contiguous().clone();
    }
};

// Activations after `next_layer` synthesis layers have run. What `x` and
// `img` hold is the family's business (StyleGAN2 keeps its skip image in
// `img`; others leave it undefined); the engine only slices, concatenates and
// stores them per batch item.
struct SynthesisState {
    torch::Tensor x;
    torch::Tensor img;
    int next_layer = 0;   // index into description().layers
    // The request's input transform (nullopt: the model's stored one), read by
    // the input layer of families with has_input_transform; set by startState.
    OptionalTransform transform;
    // Set only by captureActivation (not owned); families offer activations to it.
    ActivationTap* tap = nullptr;
};

class Generator {
public:
    virtual ~Generator();
    Generator(const Generator&) = delete;
    Generator& operator=(const Generator&) = delete;

    const ModelDescription& description() const { return desc_; }
    int numWs() const { return desc_.num_ws; }
    int numLayers() const { return static_cast<int>(desc_.layers.size()); }
    const std::vector<SynthesisLayerInfo>& layers() const { return desc_.layers; }
    const std::vector<NoiseLayerInfo>& noiseLayers() const { return desc_.noise_layers; }
    torch::Device device() const { return device_; }
    // The precision the network runs at: the requested one on CUDA (or with cpu_half), else fp32.
    Precision precision() const;

    // z: [N, z_dim] (float64 or float32; cast to float32 first like upstream),
    // c: [N, c_dim] labels or undefined for unconditional models. Returns
    // [N, num_ws, w_dim] float32, truncated towards the average w by psi on
    // the first `cutoff` ws (all when nullopt); psi == 1 leaves w untouched.
    virtual torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                                  std::optional<int> cutoff = std::nullopt) const = 0;
    // style_mixing.py's truncation: w_avg + (w - w_avg) * psi on every ws, in plain float32 ops.
    virtual torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const = 0;

    // Staged synthesis. `startState` is the state before layer 0 for a batch
    // of n under an input transform (a family without one refuses any with
    // std::invalid_argument); `initialState` is the family's part of it, with
    // the stored transform. `runLayers` advances `state` through layers
    // [state.next_layer, end_layer). `ws` rows and `noise` realisations index
    // the same batch as the state. Batches are split across the CPU workers
    // (or halved on CUDA out-of-memory) here, for every family.
    SynthesisState startState(int64_t n, const OptionalTransform& transform = std::nullopt) const;
    virtual SynthesisState initialState(int64_t n) const = 0;
    void runLayers(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;
    // The image [N, img_channels, R, R] float32 of a state that ran every layer.
    virtual torch::Tensor outputImage(const SynthesisState& finished) const { return finished.img; }
    // Full synthesis: ws [N, num_ws, w_dim] -> image.
    torch::Tensor synthesis(const torch::Tensor& ws, const NoiseSpec& noise,
                            const OptionalTransform& transform = std::nullopt) const;

    // The activation `name` (description().activations) of each batch item of `ws`, float32
    // [N, C, H, W], running only the layers up to it, serially on this thread. "output" is the image.
    // Throws std::invalid_argument for a name the model does not list.
    torch::Tensor captureActivation(const torch::Tensor& ws, const NoiseSpec& noise, const OptionalTransform& transform,
                                    const std::string& name) const;

    // Memory per batch item, for the engine's cache policy and batch sizing:
    // bytes of a snapshot after `layer_count` layers, and float elements of the
    // largest activation.
    virtual double snapshotBytes(int layer_count) const = 0;
    virtual double largestActivationElements() const = 0;

    // Execution settings (not thread-safe against a render in progress).
    void setExecution(const ExecutionOptions& options);
    const ExecutionOptions& execution() const { return exec_; }
    int cpuThreads() const { return threads_; }   // 1 on CUDA
    int cudaGraphs() const;                        // graphs captured so far (0 without CUDA graph support)

    // Runs job(i) for every i in [0, count). On the CPU the jobs run on the
    // worker threads (each with one intra-op thread and InferenceMode); on
    // CUDA, with one thread, or when called from a job, in order on the
    // calling thread. `done(i)` runs on the calling thread as each job
    // finishes (completion order); `poll` runs on the calling thread every few
    // ms while it waits. If a job, `done` or `poll` throws, jobs not yet
    // started are skipped, running ones finish, and the first exception is
    // rethrown here.
    void parallelJobs(std::size_t count, const std::function<void(std::size_t)>& job,
                      const std::function<void(std::size_t)>& done = {},
                      const std::function<void()>& poll = {}) const;
    // How parallelJobs/runLayers cut a batch of n: chunk sizes, deterministic in (n, options).
    std::vector<int64_t> batchChunks(int64_t n) const;

protected:
    // `desc` must be complete (layers, ws, noise layers and strengths, presets).
    Generator(ModelDescription desc, torch::Device device, Precision precision);

    // Advances a state through [state.next_layer, end_layer) on the calling
    // thread; `ws` is already validated.
    virtual void runLayersSerial(SynthesisState& state, const torch::Tensor& ws, int end_layer,
                                 const NoiseSpec& noise) const = 0;
    // Rebuilds the family's execution-dependent constants (after setExecution).
    virtual void prepareKernels() {}
    // Whether a CUDA graph may replay this family's layers for `noise`.
    virtual bool graphable(const NoiseSpec& noise) const { return noise.mode != NoiseMode::Random; }

    // CPU float32 fast kernels in use (channels-last, Winograd, ...).
    bool cpuFast() const { return !device_.is_cuda() && exec_.cpu_kernels; }
    at::MemoryFormat activationFormat() const;
    // A [1, 1, R, R] float32 random-noise plane for one realisation, cached with a byte bound.
    torch::Tensor randomPlane(std::uint64_t seed, int64_t realisation, int noise_layer, int resolution) const;
    // Random noise [n or 1, 1, R, R] for a batch: one cached plane when every item shares its realisation.
    torch::Tensor randomNoiseFor(const NoiseSpec& noise, int64_t n, int noise_layer, int resolution) const;

    ModelDescription desc_;
    torch::Device device_;
    Precision precision_;
    ExecutionOptions exec_;

private:
    void applyThreads();
    void runChunk(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;

    int threads_ = 1;
    int pool_threads_ = 0;
    std::shared_ptr<CpuWorkerPool> pool_;
    std::shared_ptr<CudaGraphRunner> graphs_;
    mutable std::mutex noise_mutex_;
    mutable std::map<std::tuple<std::uint64_t, int64_t, int>, torch::Tensor> noise_cache_;
    mutable std::size_t noise_cache_bytes_ = 0;
};

}  // namespace stylemix
