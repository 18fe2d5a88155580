// How a generator executes: precision and performance settings. Every setting
// computes the same images up to float rounding (the reference tests run the
// fast and the plain settings against NVIDIA's outputs); what each one buys is
// measured in tests/bench/RESULTS.md ("Ablation"). Torch-free.
//
// ExecutionOptions holds the family-neutral switches, read by the Generator
// base class (threads, batch jobs, layouts, CUDA flags) or by every family
// (reference_ops, cpu_half, cpu_kernels). A family's own switches live in its
// folder and travel here as one member each (stylegan2), read only by it.
#pragma once

#include "model/nets/stylegan2/stylegan2_execution.h"

namespace stylemix {

enum class Precision {
    FP32,    // strict float32 everywhere (the reference)
    Mixed,   // NVIDIA's shipped setting: fp16 in the top num_fp16_res blocks (CUDA only)
    BF16,    // bfloat16 in the same blocks (CUDA only)
};
const char* precisionName(Precision p);

struct ExecutionOptions {
    // CPU threads (0 = all hardware threads). A batch of two or more images is
    // cut into jobs of at most `job_batch` images that run in parallel on the
    // worker pool, one intra-op thread each; with job_batch 1 an image's pixels
    // never depend on what else shares the request.
    int threads = 0;
    // Intra-op threads for a single image on the calling thread (0 = `threads`).
    int single_image_threads = 1;
    bool batch_parallel = true;       // false: whole batches on the calling thread, intra-op threads
    int job_batch = 1;
    bool channels_last = true;        // CPU: NHWC activations (oneDNN's native layout)
    bool blas_single_thread = true;   // CPU: OpenBLAS single-threaded; we parallelise above it
    // NVIDIA's op sequence verbatim (conv_transpose2d + FIR, addcmul, bias_act, NCHW): the baseline.
    bool reference_ops = false;
    // CUDA (process-wide cuDNN/cuBLAS flags, applied for the duration of this generator's calls):
    bool allow_tf32 = false;          // false = strict fp32 (matches the CPU reference to ~1e-5)
    bool cudnn_benchmark = true;      // time cuDNN algorithms once per shape (grids reuse shapes)
    bool cuda_graphs = true;          // replay repeated shapes as CUDA graphs (builds with STYLEMIX_CUDA_GRAPHS)
    // CPU, for checking the CUDA path without a GPU: `cpu_kernels` false runs
    // the device-generic op sequence CUDA runs; `cpu_half` honours fp16/bf16 on
    // the CPU too (NVIDIA forces fp32 off the GPU, and so do we by default).
    bool cpu_kernels = true;
    bool cpu_half = false;
    // Family switches (each family's folder).
    StyleGan2Execution stylegan2;
};

// The plain, NVIDIA-shaped execution (NCHW, NVIDIA's op sequence, PyTorch's
// default threads; each family's plain switches, e.g. plainStyleGan2Execution):
// the baseline the fast path is measured and tested against.
ExecutionOptions plainExecution();

}  // namespace stylemix
