// NVIDIA's StyleGAN2 generator (training/networks_stylegan2.py) re-implemented
// on LibTorch for inference. Synthesis runs layer by layer over an explicit
// state so callers can stop after a prefix of layers and resume later, which
// is how style-mixing grids reuse the activations a cell shares with a source.
//
// Threading: a Generator is immutable after construction; const methods may be
// called from one thread at a time per instance (LibTorch ops are re-entrant,
// but callers keep all model work on the render worker thread).
#pragma once

#include "model/generator_config.h"
#include "model/noise_spec.h"

#include <torch/torch.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace stylemix {

enum class Precision {
    FP32,    // strict float32 everywhere (the reference)
    Mixed,   // NVIDIA's shipped setting: fp16 in the top num_fp16_res blocks (CUDA only)
    BF16,    // bfloat16 in the same blocks (CUDA only)
};
const char* precisionName(Precision p);

// How a Generator executes. Performance only: every setting computes the same
// images up to float rounding (the reference tests run the fast and the
// plain settings against NVIDIA's outputs).
struct ExecutionOptions {
    // CPU threads. A batch of two or more images is cut into jobs of at most
    // `job_batch` images that run in parallel, one intra-op thread each (no
    // per-op barriers, each core keeps its own images in cache, a core busy
    // with other work simply takes fewer jobs); a single image runs on the
    // calling thread with `single_image_threads` intra-op threads.
    // 0 = all hardware threads. With job_batch 1
    // every image is computed alone, so its pixels never depend on what else
    // shares the request (grids, caches and single renders agree exactly);
    // larger jobs gain ~5% in the 4²-16² layers (bench --ablation).
    int threads = 0;
    // Intra-op threads for a single image on the calling thread (0 = `threads`). Measured on the
    // 2-core CPU: 2 threads gain only ~10% on a 64² image when the machine is idle, but OpenMP splits
    // every op statically, so when another process holds a core each op waits for it (10x slower
    // under load). Hence 1; several single images (Fig. 5, the noise lab) run as parallel jobs.
    int single_image_threads = 1;
    bool batch_parallel = true;       // false: whole batches on the calling thread, intra-op threads
    int job_batch = 1;
    bool channels_last = true;        // CPU: NHWC activations (oneDNN's native layout; no reorders)
    bool polyphase_upsample = true;   // CPU: conv0 as four sub-kernel convolutions (oneDNN) instead of
                                      // conv_transpose2d (im2col); the FIR runs on the result as before
    bool fused_epilogue = true;       // CPU float32: demodulation, noise, bias, activation, gain and clamp
                                      // in one pass over the output, in place
    // Modulated conv with per-sample (grouped, NVIDIA's "fused") weights when the batch is at most this;
    // one shared-weight convolution with input/output scaling above. Per layer when the vector is set
    // (index = synthesis layer), else `fused_max_batch` for all. Measured on CPU (bench --ablation):
    // the shared-weight form wins at every batch size, batch 1 included (42 vs 52 ms per 64² image).
    int fused_max_batch = 0;
    std::vector<int> fused_max_batch_per_layer;
    bool blas_single_thread = true;   // CPU: OpenBLAS (affines, ToRGB) single-threaded; we parallelise above it
    // CPU: 3x3 convolutions (not the upsampling ones) at resolutions >= winograd_min_resolution as
    // Winograd F(4x4, 3x3): 36 GEMMs on transformed tiles, 4x fewer multiplies than direct convolution,
    // float error ~1e-5 relative per layer instead of ~2e-6 (images stay within 3e-5 of NVIDIA's).
    bool winograd = true;
    int winograd_min_resolution = 16;
    // NVIDIA's op sequence verbatim (conv_transpose2d + FIR, addcmul, bias_act, NCHW): the baseline.
    bool reference_ops = false;
    // CUDA (process-wide cuDNN/cuBLAS flags, applied for the duration of this generator's calls):
    bool allow_tf32 = false;          // false = strict fp32 (matches the CPU reference to ~1e-5)
    bool cudnn_benchmark = true;      // time cuDNN algorithms once per shape (grids reuse shapes)
    bool cuda_graphs = true;          // replay repeated shapes as CUDA graphs (builds with STYLEMIX_CUDA_GRAPHS)
    // CPU, for checking the CUDA path without a GPU: `cpu_kernels` false runs the device-generic op
    // sequence CUDA runs (no channels-last, polyphase, Winograd or one-pass epilogue); `cpu_half`
    // honours fp16/bf16 precision on the CPU too (NVIDIA forces fp32 off the GPU, and so do we by default).
    bool cpu_kernels = true;
    bool cpu_half = false;
};

// The plain, NVIDIA-shaped execution (NCHW, conv_transpose2d + FIR, separate
// elementwise ops, fused modconv at batch 1): the baseline the fast path is
// measured and tested against, and the path CUDA uses.
ExecutionOptions plainExecution();

class CpuWorkerPool;
class CudaGraphRunner;

// Activations after `next_layer` synthesis layers have run.
struct SynthesisState {
    torch::Tensor x;     // feature maps (dtype of the block that produced them)
    torch::Tensor img;   // float32 skip image, undefined before the first ToRGB
    int next_layer = 0;  // index into GeneratorConfig::synthesisLayers()
};

class Generator {
public:
    Generator(GeneratorConfig config, std::map<std::string, torch::Tensor> state_dict, torch::Device device,
              Precision precision = Precision::FP32);

    const GeneratorConfig& config() const { return config_; }
    const std::vector<SynthesisLayerInfo>& layers() const { return layers_; }
    const std::vector<NoiseLayerInfo>& noiseLayers() const { return noise_layers_; }
    std::vector<float> noiseStrengths() const;   // learned noise_strength per noise layer
    torch::Device device() const { return device_; }
    // The precision the blocks run at: the requested one on CUDA (or with cpu_half), else fp32.
    Precision precision() const;
    int numWs() const { return num_ws_; }

    // z: [N, z_dim] (float64 or float32; cast to float32 first like upstream),
    // c: [N, c_dim] one-hot/labels or undefined for unconditional models.
    // Returns [N, num_ws, w_dim] float32, truncated towards w_avg by psi on the
    // first `cutoff` ws (all when nullopt); psi == 1 leaves w untouched.
    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& c, double psi = 1.0,
                          std::optional<int> cutoff = std::nullopt) const;
    // style_mixing.py's truncation: w_avg + (w - w_avg) * psi on every ws, in plain float32 ops.
    torch::Tensor truncateAll(const torch::Tensor& ws, double psi) const;
    torch::Tensor wAvg() const { return w_avg_; }

    // Full synthesis: ws [N, num_ws, w_dim] -> image [N, img_channels, R, R] float32.
    torch::Tensor synthesis(const torch::Tensor& ws, const NoiseSpec& noise) const;

    // Staged synthesis. `initialState` holds the const input for a batch of n;
    // `runLayers` advances `state` through layers [state.next_layer, end_layer).
    // `ws` rows and `noise` realisations index the same batch as the state.
    SynthesisState initialState(int64_t n) const;
    void runLayers(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;
    int numLayers() const { return static_cast<int>(layers_.size()); }

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

private:
    struct FullyConnected {
        torch::Tensor weight;   // gains folded in
        torch::Tensor bias;     // gains folded in; undefined = none
        std::string activation;
    };
    struct ModLayer {           // a SynthesisLayer or ToRGB
        SynthesisLayerInfo info;
        FullyConnected affine;  // ToRGB's weight_gain folded in
        torch::Tensor weight;   // [O, I, k, k]
        torch::Tensor weight_sq_sum;   // [O, I]: sum over k,k of weight^2 (for demodulation)
        torch::Tensor weight_sq_sum_t; // [I, O] contiguous
        torch::Tensor weight_fp16_scale; // [O,1,1,1]: fp16 pre-normalisation factor
        torch::Tensor bias;     // [O]
        torch::Tensor bias_gain;       // [O]: bias * activation gain (folded epilogue)
        torch::Tensor noise_const;     // [R, R]
        float noise_strength = 0.f;
        int up = 1;
        // CPU fast-path constants (rebuilt by setExecution).
        torch::Tensor weight_fmt;      // weight in the activation memory format
        std::vector<torch::Tensor> phase_weights;   // polyphase sub-kernels: ee, eo, oe, oo
        torch::Tensor fir_dw;          // depthwise FIR kernel [O, 1, f, f] for conv0
        torch::Tensor rgb_weight;      // ToRGB: [O, I]
        torch::Tensor wino_weight;     // Winograd-transformed weight [36, I, O]
    };

    const torch::Tensor& param(const std::string& name) const;
    FullyConnected makeFc(const std::string& prefix, double lr_multiplier, const std::string& activation,
                          double extra_gain = 1.0) const;
    torch::Tensor runFc(const FullyConnected& fc, const torch::Tensor& x) const;
    torch::ScalarType blockDtype(int resolution) const;
    torch::Tensor upsampleImage(const torch::Tensor& img) const;
    // NVIDIA's op sequence (reference_ops).
    torch::Tensor modulatedConvReference(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles,
                                         const torch::Tensor& noise) const;
    // Fast path (also the generic path on CUDA with the plain options).
    torch::Tensor convLayer(const ModLayer& layer, int layer_index, const torch::Tensor& x,
                            const torch::Tensor& styles, const torch::Tensor& noise_gain) const;
    torch::Tensor toRgbLayer(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& styles) const;
    torch::Tensor upsampleConv(const ModLayer& layer, const torch::Tensor& x, const torch::Tensor& weight,
                               int64_t groups) const;
    torch::Tensor randomPlane(std::uint64_t seed, int64_t realisation, int noise_layer, int resolution) const;
    torch::Tensor scaledNoise(const ModLayer& layer, int64_t n, const NoiseSpec& noise, double gain) const;
    void runLayersSerial(SynthesisState& state, const torch::Tensor& ws, int end_layer, const NoiseSpec& noise) const;
    bool cpuFast() const { return !device_.is_cuda() && exec_.cpu_kernels; }
    at::MemoryFormat activationFormat() const;
    void prepareExecution();

    GeneratorConfig config_;
    std::map<std::string, torch::Tensor> params_;
    torch::Device device_;
    Precision precision_;
    int num_ws_ = 0;
    std::vector<SynthesisLayerInfo> layers_;
    std::vector<NoiseLayerInfo> noise_layers_;

    std::vector<FullyConnected> mapping_fc_;
    std::optional<FullyConnected> embed_;
    torch::Tensor w_avg_;
    torch::Tensor const_input_;
    std::vector<ModLayer> mod_layers_;
    torch::Tensor filter_;        // 2-D resample filter [f, f], normalised
    torch::Tensor act_filter_;    // depthwise FIR kernel for conv0's upsampling (gain 4), per dtype on demand
    double act_gain_ = 1.0;
    std::string act_name_;
    bool act_homogeneous_ = false;   // linear / relu / lrelu: gain folds into the output scale

    ExecutionOptions exec_;
    int threads_ = 1;
    int pool_threads_ = 0;
    std::shared_ptr<CpuWorkerPool> pool_;
    std::shared_ptr<CudaGraphRunner> graphs_;
    // Random-noise planes for uniform realisations, keyed (seed, realisation, layer).
    mutable std::mutex noise_mutex_;
    mutable std::map<std::tuple<std::uint64_t, int64_t, int>, torch::Tensor> noise_cache_;
    mutable std::size_t noise_cache_bytes_ = 0;
};

}  // namespace stylemix
