// StyleGAN3's filtered leaky ReLU (torch_utils/ops/filtered_lrelu.py): add a
// bias, upsample by `up` (zero insertion), pad or crop by `padding`, FIR with
// the up filter (gain up²), leaky ReLU × gain, clamp, FIR with the down filter
// and keep every `down`-th sample. Two implementations with the same results
// up to float rounding:
//   - filteredLreluReference: the reference path's op sequence (upfirdn2d_ref
//     + bias_act) on any device; what CUDA runs and what the CPU kernel is
//     checked against;
//   - FilteredLreluCpu: a polyphase CPU kernel on NHWC float32 that never
//     builds the zero-inserted image and computes only the kept outputs.
#pragma once

#include <torch/torch.h>

#include <array>
#include <vector>

namespace stylemix {

struct FilteredLreluParams {
    int up = 1;
    int down = 1;
    std::array<int, 4> padding{};   // x0, x1, y0, y1 on the upsampled grid; negative = crop
    double gain = 1.0;              // after the activation
    double slope = 1.0;             // 1 = linear
    double clamp = -1;              // < 0: none
};

// x [N, C, H, W] float32, fu / fd: undefined (identity), 1-D [taps] (separable)
// or 2-D [taps, taps]; b [C] or undefined. Filters are used as upfirdn2d uses
// them (flipped, i.e. true convolution).
torch::Tensor filteredLreluReference(const torch::Tensor& x, const torch::Tensor& fu, const torch::Tensor& fd,
                                     const torch::Tensor& b, const FilteredLreluParams& p);

// Output size along one axis (the same formula as the reference).
int filteredLreluOutSize(int in_size, int up_taps, int down_taps, int up, int down, int pad0, int pad1);

// The CPU kernel for one layer's fixed geometry (square input of `in_size`).
// The filters are copied at construction; run() is const and thread-safe.
class FilteredLreluCpu {
public:
    FilteredLreluCpu() = default;
    FilteredLreluCpu(int in_size, const torch::Tensor& fu, const torch::Tensor& fd, const FilteredLreluParams& p);

    int outSize() const { return out_size_; }
    // x: [N, C, in, in] float32 CPU in channels-last layout. Computes
    // filtered_lrelu(x · scale[n, c] + b[c]) into a new channels-last tensor;
    // `scale` [N, C] may be undefined (1).
    torch::Tensor run(const torch::Tensor& x, const torch::Tensor& scale, const torch::Tensor& b) const;

    // One axis of an upfirdn: for each output position, the input positions
    // and weights it sums (taps landing on inserted zeros or padding dropped).
    struct AxisPlan {
        int out_len = 0;
        std::vector<int> begin;    // out_len + 1 offsets into src / weight
        std::vector<int> src;
        std::vector<float> weight;
    };

private:
    FilteredLreluParams p_;
    int in_size_ = 0, mid_size_ = 0, out_size_ = 0;
    AxisPlan up_plan_, down_plan_;       // shared by x and y (square layers)
    std::vector<float> down_2d_;         // radial down filter, flipped, [taps*taps]; empty = separable
    int down_taps_ = 1;
};

}  // namespace stylemix
