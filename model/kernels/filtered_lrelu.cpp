#include "model/kernels/filtered_lrelu.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace stylemix {
namespace {

// upfirdn2d's reference path (_upfirdn2d_ref): zero insertion, pad/crop,
// flipped filter times gain^(ndim/2), depthwise valid convolution, decimation.
torch::Tensor upfirdn2dRef(torch::Tensor x, torch::Tensor f, int up, int down, const std::array<int, 4>& pad,
                           double gain) {
    const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
    if (!f.defined()) f = torch::ones({1, 1}, x.options());
    if (up > 1) {
        x = x.reshape({n, c, h, 1, w, 1});
        x = torch::constant_pad_nd(x, {0, up - 1, 0, 0, 0, up - 1});
        x = x.reshape({n, c, h * up, w * up});
    }
    x = torch::constant_pad_nd(x, {std::max(pad[0], 0), std::max(pad[1], 0), std::max(pad[2], 0), std::max(pad[3], 0)});
    x = x.slice(2, std::max(-pad[2], 0), x.size(2) - std::max(-pad[3], 0))
            .slice(3, std::max(-pad[0], 0), x.size(3) - std::max(-pad[1], 0));
    const std::vector<int64_t> all_dims = f.dim() == 2 ? std::vector<int64_t>{0, 1} : std::vector<int64_t>{0};
    f = (f * std::pow(gain, f.dim() / 2.0)).to(x.dtype()).flip(all_dims);
    if (f.dim() == 2) {
        x = torch::conv2d(x, f.unsqueeze(0).unsqueeze(0).repeat({c, 1, 1, 1}), torch::Tensor(), std::vector<int64_t>{1, 1}, std::vector<int64_t>{0, 0}, std::vector<int64_t>{1, 1}, c);
    } else {
        const torch::Tensor k = f.unsqueeze(0).unsqueeze(0).repeat({c, 1, 1});
        x = torch::conv2d(x, k.unsqueeze(2), torch::Tensor(), std::vector<int64_t>{1, 1}, std::vector<int64_t>{0, 0}, std::vector<int64_t>{1, 1}, c);
        x = torch::conv2d(x, k.unsqueeze(3), torch::Tensor(), std::vector<int64_t>{1, 1}, std::vector<int64_t>{0, 0}, std::vector<int64_t>{1, 1}, c);
    }
    if (down > 1) x = x.slice(2, 0, x.size(2), down).slice(3, 0, x.size(3), down);
    return x;
}

FilteredLreluCpu::AxisPlan axisPlan(int in_len, int up, int pad0, int pad1, const std::vector<float>& filter, int down) {
    const int taps = static_cast<int>(filter.size());
    const int valid = in_len * up + pad0 + pad1 - taps + 1;
    if (valid < 1) throw std::invalid_argument("filtered_lrelu: the filter is larger than the padded input");
    FilteredLreluCpu::AxisPlan plan;
    plan.out_len = (valid + down - 1) / down;
    plan.begin.push_back(0);
    for (int o = 0; o < plan.out_len; ++o) {
        for (int k = 0; k < taps; ++k) {
            const int v = o * down + k - pad0;   // position on the zero-inserted input
            if (v < 0 || v >= in_len * up || v % up != 0) continue;
            plan.src.push_back(v / up);
            plan.weight.push_back(filter[static_cast<size_t>(taps - 1 - k)]);   // true convolution: flipped
        }
        plan.begin.push_back(static_cast<int>(plan.src.size()));
    }
    return plan;
}

std::vector<float> filterTaps(const torch::Tensor& f, double gain) {
    if (!f.defined()) return {static_cast<float>(gain)};
    const torch::Tensor t = (f.to(torch::kCPU, torch::kFloat32) * gain).contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

// dst[i] = sum_j w_j * src_row(s_j)[i] over `len` floats, for each output of one axis plan.
inline void firRows(const FilteredLreluCpu::AxisPlan& plan, int o, const float* base, int64_t stride, int64_t len,
                    float* __restrict dst) {
    std::fill(dst, dst + len, 0.f);
    for (int j = plan.begin[static_cast<size_t>(o)]; j < plan.begin[static_cast<size_t>(o) + 1]; ++j) {
        const float w = plan.weight[static_cast<size_t>(j)];
        const float* __restrict s = base + plan.src[static_cast<size_t>(j)] * stride;
        for (int64_t i = 0; i < len; ++i) dst[i] += w * s[i];
    }
}

// FIR along the pixels of one NHWC row: dst[o, :] from src[plan.src, :] (C floats each).
inline void firPixels(const FilteredLreluCpu::AxisPlan& plan, const float* src, int64_t c, float* dst) {
    for (int o = 0; o < plan.out_len; ++o) firRows(plan, o, src, c, c, dst + o * c);
}

inline void activate(float* v, int64_t len, float slope, float gain, float clampv) {
    for (int64_t i = 0; i < len; ++i) {
        float x = v[i] < 0 ? v[i] * slope : v[i];
        x *= gain;
        v[i] = clampv >= 0 ? std::min(std::max(x, -clampv), clampv) : x;
    }
}

}  // namespace

int filteredLreluOutSize(int in_size, int up_taps, int down_taps, int up, int down, int pad0, int pad1) {
    return (in_size * up + pad0 + pad1 - (up_taps - 1) - (down_taps - 1) + (down - 1)) / down;
}

torch::Tensor filteredLreluReference(const torch::Tensor& x_in, const torch::Tensor& fu, const torch::Tensor& fd,
                                     const torch::Tensor& b, const FilteredLreluParams& p) {
    torch::Tensor x = x_in.contiguous();
    if (b.defined()) x = x + b.reshape({1, -1, 1, 1});
    x = upfirdn2dRef(x, fu, p.up, 1, p.padding, static_cast<double>(p.up) * p.up);
    x = torch::leaky_relu(x, p.slope);
    if (p.gain != 1) x = x * p.gain;
    if (p.clamp >= 0) x = x.clamp(-p.clamp, p.clamp);
    return upfirdn2dRef(x, fd, 1, p.down, {0, 0, 0, 0}, 1.0);
}

FilteredLreluCpu::FilteredLreluCpu(int in_size, const torch::Tensor& fu, const torch::Tensor& fd,
                                   const FilteredLreluParams& p)
    : p_(p), in_size_(in_size) {
    if (p.padding[0] != p.padding[2] || p.padding[1] != p.padding[3])
        throw std::invalid_argument("FilteredLreluCpu: square layers need the same x and y padding");
    if (fu.defined() && fu.dim() != 1) throw std::invalid_argument("FilteredLreluCpu: the up filter must be 1-D");
    // Separable filters: each of the two passes carries sqrt of the 2-D gain (up² -> up).
    up_plan_ = axisPlan(in_size, p.up, p.padding[0], p.padding[1], filterTaps(fu, p.up), 1);
    mid_size_ = up_plan_.out_len;
    if (fd.defined() && fd.dim() == 2) {
        down_taps_ = static_cast<int>(fd.size(0));
        const torch::Tensor flipped = fd.to(torch::kCPU, torch::kFloat32).flip({0, 1}).contiguous();
        down_2d_.assign(flipped.data_ptr<float>(), flipped.data_ptr<float>() + flipped.numel());
        out_size_ = (mid_size_ - down_taps_ + 1 + p.down - 1) / p.down;
    } else {
        down_plan_ = axisPlan(mid_size_, 1, 0, 0, filterTaps(fd, 1.0), p.down);
        out_size_ = down_plan_.out_len;
    }
    if (out_size_ < 1) throw std::invalid_argument("FilteredLreluCpu: empty output");
}

torch::Tensor FilteredLreluCpu::run(const torch::Tensor& x_in, const torch::Tensor& scale, const torch::Tensor& b) const {
    const torch::Tensor x = x_in.contiguous(at::MemoryFormat::ChannelsLast);
    const int64_t n = x.size(0), c = x.size(1);
    if (x.size(2) != in_size_ || x.size(3) != in_size_ || x.scalar_type() != torch::kFloat32)
        throw std::invalid_argument("FilteredLreluCpu: expected a float32 input of " + std::to_string(in_size_) + "²");
    const torch::Tensor sc = scale.defined() ? scale.contiguous() : torch::Tensor();
    const torch::Tensor bias = b.defined() ? b.contiguous() : torch::zeros({c});
    const int64_t in = in_size_, mid = mid_size_, out = out_size_;
    const float slope = static_cast<float>(p_.slope), gain = static_cast<float>(p_.gain);
    const float clampv = static_cast<float>(p_.clamp);
    const auto opts = x.options();

    // Pass 1: scale + bias, then the up filter along x: [N, in, in, C] -> [N, in, mid, C].
    torch::Tensor t1 = torch::empty({n, in, mid, c}, opts);
    const float* xp = x.data_ptr<float>();
    const float* sp = sc.defined() ? sc.data_ptr<float>() : nullptr;
    const float* bp = bias.data_ptr<float>();
    float* t1p = t1.data_ptr<float>();
    at::parallel_for(0, n * in, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> row(static_cast<size_t>(in * c));
        for (int64_t r = begin; r < end; ++r) {
            const int64_t item = r / in;
            const float* src = xp + r * in * c;
            for (int64_t px = 0; px < in; ++px)
                for (int64_t ch = 0; ch < c; ++ch)
                    row[static_cast<size_t>(px * c + ch)] = src[px * c + ch] * (sp ? sp[item * c + ch] : 1.f) + bp[ch];
            firPixels(up_plan_, row.data(), c, t1p + r * mid * c);
        }
    });

    // Separable down filter: pass 2 (up along y + activation) and pass 3 (down along x) per row,
    // then pass 4 (down along y).
    if (down_2d_.empty()) {
        const int64_t mid_out = down_plan_.out_len;
        torch::Tensor t3 = torch::empty({n, mid, mid_out, c}, opts);
        float* t3p = t3.data_ptr<float>();
        at::parallel_for(0, n * mid, 1, [&](int64_t begin, int64_t end) {
            std::vector<float> row(static_cast<size_t>(mid * c));
            for (int64_t r = begin; r < end; ++r) {
                const int64_t item = r / mid, y = r % mid;
                firRows(up_plan_, static_cast<int>(y), t1p + item * in * mid * c, mid * c, mid * c, row.data());
                activate(row.data(), mid * c, slope, gain, clampv);
                firPixels(down_plan_, row.data(), c, t3p + r * mid_out * c);
            }
        });
        torch::Tensor y = torch::empty({n, out, out, c}, opts);
        float* yp = y.data_ptr<float>();
        at::parallel_for(0, n * out, 1, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                const int64_t item = r / out, oy = r % out;
                firRows(down_plan_, static_cast<int>(oy), t3p + item * mid * mid_out * c, mid_out * c, out * c,
                        yp + r * out * c);
            }
        });
        return y.permute({0, 3, 1, 2});   // NHWC storage viewed as channels-last NCHW
    }

    // Radial down filter: the whole upsampled, activated image, then one 2-D strided FIR.
    torch::Tensor t2 = torch::empty({n, mid, mid, c}, opts);
    float* t2p = t2.data_ptr<float>();
    at::parallel_for(0, n * mid, 1, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t item = r / mid, y = r % mid;
            float* dst = t2p + r * mid * c;
            firRows(up_plan_, static_cast<int>(y), t1p + item * in * mid * c, mid * c, mid * c, dst);
            activate(dst, mid * c, slope, gain, clampv);
        }
    });
    torch::Tensor y = torch::empty({n, out, out, c}, opts);
    float* yp = y.data_ptr<float>();
    const int64_t taps = down_taps_, down = p_.down;
    at::parallel_for(0, n * out, 1, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const int64_t item = r / out, oy = r % out;
            float* __restrict dst = yp + r * out * c;
            std::fill(dst, dst + out * c, 0.f);
            for (int64_t ky = 0; ky < taps; ++ky) {
                const float* srow = t2p + (item * mid + oy * down + ky) * mid * c;
                const float* frow = down_2d_.data() + ky * taps;
                for (int64_t ox = 0; ox < out; ++ox) {
                    float* __restrict d = dst + ox * c;
                    for (int64_t kx = 0; kx < taps; ++kx) {
                        const float w = frow[kx];
                        const float* __restrict s = srow + (ox * down + kx) * c;
                        for (int64_t ch = 0; ch < c; ++ch) d[ch] += w * s[ch];
                    }
                }
            }
        }
    });
    return y.permute({0, 3, 1, 2});
}

}  // namespace stylemix
