// StyleGAN2's own execution switches (CPU fast paths of its modulated conv).
// Every setting computes the same images up to float rounding; what each buys
// is measured in tests/bench/RESULTS.md ("Ablation"). They travel in
// ExecutionOptions::stylegan2 (execution.h) so that Engine::setExecution and
// the bench reach them like the family-neutral switches; only the StyleGAN2
// generator reads them. Torch-free.
#pragma once

namespace stylemix {

struct StyleGan2Execution {
    // CPU: 3x3 convolutions (not the upsampling ones) at resolutions >= this as Winograd F(4x4, 3x3).
    bool winograd = true;
    int winograd_min_resolution = 16;
    bool polyphase_upsample = true;   // CPU: upsampling convs as four sub-kernel convolutions
    bool fused_epilogue = true;       // CPU float32: scale, noise, bias, activation, gain, clamp in one pass
    // Modulated conv with per-sample (grouped, NVIDIA's "fused") weights when
    // the batch is at most this; one shared-weight convolution above. Also
    // read by the reference op sequence (ExecutionOptions::reference_ops).
    int fused_max_batch = 0;
};

// NVIDIA's shape: conv_transpose2d + FIR, separate elementwise ops, fused modconv at batch 1.
inline StyleGan2Execution plainStyleGan2Execution() {
    StyleGan2Execution o;
    o.polyphase_upsample = false;
    o.fused_epilogue = false;
    o.fused_max_batch = 1;
    return o;
}

}  // namespace stylemix
