#include "model/engine/layer_display.h"

#include "model/core/viridis.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace stylemix {
namespace {

namespace F = torch::nn::functional;
using torch::indexing::Slice;

constexpr int kUp = 4;      // the untransform's upsampling
constexpr int kAmax = 6;    // its filter's half-width in input pixels (the visualizer overrides 16 with 6)
constexpr int kA = 3;       // Lanczos a
constexpr int kAflt = 64;   // filter design extent

torch::Tensor bandSinc(const torch::Tensor& x) {
    const torch::Tensor y = (x * M_PI).abs();
    const torch::Tensor z = torch::sin(y) / y.clamp(1e-30, INFINITY);
    return torch::where(y < 1e-30, torch::ones_like(x), z);
}

torch::Tensor lanczos(const torch::Tensor& x_in, double a) {
    const torch::Tensor x = x_in.abs() / a;
    return torch::where(x < 1, bandSinc(x), torch::zeros_like(x));
}

// Circular convolution of two patterns on the tap grid (their spectra multiplied).
torch::Tensor circularConvolve(const torch::Tensor& a, const torch::Tensor& b) {
    return torch::real(torch::fft::ifftn(torch::fft::fftn(a) * torch::fft::fftn(b)));
}

// The band-limited filter for `mat` (cutoffs 1 in and out): two oriented 2-D sincs convolved,
// windowed by two oriented 2-D Lanczos windows convolved, cropped to 2*amax*up - 1 taps and
// normalised per polyphase component.
torch::Tensor bandlimitFilter(const torch::Tensor& mat) {
    const torch::Tensor taps =
        ((torch::arange(kAflt * kUp * 2 - 1, torch::kFloat32) + 1) / kUp - kAflt).roll(1 - kAflt * kUp);
    const auto grid = torch::meshgrid({taps, taps}, "ij");
    const torch::Tensor yi = grid[0], xi = grid[1];
    const auto xo_yo = torch::stack({xi, yi}, 2).matmul(mat.index({Slice(0, 2), Slice(0, 2)}).t()).unbind(2);
    const torch::Tensor xo = xo_yo[0], yo = xo_yo[1];
    torch::Tensor f = circularConvolve(bandSinc(xi) * bandSinc(yi), bandSinc(xo) * bandSinc(yo));
    const torch::Tensor w =
        circularConvolve(lanczos(xi, kA) * lanczos(yi, kA), lanczos(xo, kA) * lanczos(yo, kA));
    f = f * w;
    const int64_t c = (kAflt - kAmax) * kUp;
    f = f.roll({kAflt * kUp - 1, kAflt * kUp - 1}, {0, 1});
    f = f.index({Slice(c, f.size(0) - c), Slice(c, f.size(1) - c)});
    f = F::pad(f, F::PadFuncOptions({0, 1, 0, 1})).reshape({kAmax * 2, kUp, kAmax * 2, kUp});
    f = f / f.sum(std::vector<int64_t>{0, 2}, true) / (kUp * kUp);
    return f.reshape({kAmax * 2 * kUp, kAmax * 2 * kUp}).index({Slice(0, -1), Slice(0, -1)});
}

// upfirdn2d's reference upsampling by kUp with padding p on each side: zeros inserted,
// padded, convolved depthwise with the flipped filter times the gain up².
torch::Tensor upsample(const torch::Tensor& x, const torch::Tensor& f, int64_t p) {
    const int64_t n = x.size(0), ch = x.size(1), h = x.size(2), w = x.size(3);
    const int64_t fw = f.size(0);
    const int64_t p0 = p + (fw + kUp - 1) / 2, p1 = p + (fw - kUp) / 2;
    torch::Tensor y = x.reshape({n, ch, h, 1, w, 1});
    y = F::pad(y, F::PadFuncOptions({0, kUp - 1, 0, 0, 0, kUp - 1})).reshape({n, ch, h * kUp, w * kUp});
    y = F::pad(y, F::PadFuncOptions({p0, p1, p0, p1}));
    torch::Tensor k = (f * std::pow(static_cast<double>(kUp * kUp), f.dim() / 2.0)).to(y.dtype()).flip({0, 1});
    k = k.unsqueeze(0).unsqueeze(0).repeat({ch, 1, 1, 1});
    return F::conv2d(y, k, F::Conv2dFuncOptions().groups(ch));
}

// The selection (and its channel count) of `out` [C, H, W] the settings ask for.
torch::Tensor selection(const torch::Tensor& out, const LayerViewSettings& view) {
    if (view.display == LayerDisplay::MeanAbs) return out.abs().mean(0, true);
    const int64_t ch = out.size(0);
    int64_t sel = view.sel_channels >= 3 ? 3 : 1;
    if (sel > ch) sel = 1;
    const int64_t base = std::max<int64_t>(std::min<int64_t>(view.base_channel, ch - sel), 0);
    return out.slice(0, base, base + sel);
}

// The centred power spectrum of `sig` [C, H, W] in dB over its mean, coloured: [H, W, 3] uint8.
torch::Tensor spectrum(const torch::Tensor& sig_in, const LayerViewSettings& view) {
    torch::Tensor sig = sig_in.to(torch::kFloat32);
    sig = sig - sig.mean({1, 2}, true);
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32).device(sig.device());
    sig = sig * torch::kaiser_window(sig.size(1), false, view.fft_beta, opts).index({torch::indexing::None, Slice(), torch::indexing::None});
    sig = sig * torch::kaiser_window(sig.size(2), false, view.fft_beta, opts).index({torch::indexing::None, torch::indexing::None, Slice()});
    torch::Tensor fft = torch::fft::fftn(sig, c10::nullopt, std::vector<int64_t>{1, 2}).abs().square().sum(0);
    fft = fft.roll({fft.size(0) / 2, fft.size(1) / 2}, {0, 1});
    fft = (fft / fft.mean()).log10() * 10;
    // _apply_cmap: (x * 1023 + 0.5) clamped and truncated picks one of 1024 samples (NaN, where
    // the spectrum is flat, takes the first instead of failing).
    const torch::Tensor x = (fft / view.fft_range_db + 1) / 2;
    const torch::Tensor idx =
        torch::nan_to_num((x * (kViridisSamples - 1) + 0.5).clamp(0, kViridisSamples - 1), 0.0).to(torch::kInt64).to(torch::kCPU).contiguous();
    torch::Tensor rgb = torch::empty({idx.size(0), idx.size(1), 3}, torch::kUInt8);
    const int64_t* src = idx.data_ptr<int64_t>();
    std::uint8_t* dst = rgb.data_ptr<std::uint8_t>();
    for (int64_t i = 0; i < idx.numel(); ++i) {
        const auto c = viridisSample(static_cast<int>(src[i]));
        std::memcpy(dst + 3 * i, c.data(), 3);
    }
    return rgb;
}

Image toImage(const torch::Tensor& hwc_in) {
    const torch::Tensor hwc = hwc_in.to(torch::kCPU).contiguous();
    Image im;
    im.height = static_cast<int>(hwc.size(0));
    im.width = static_cast<int>(hwc.size(1));
    im.channels = static_cast<int>(hwc.size(2));
    im.pixels.resize(static_cast<std::size_t>(hwc.numel()));
    std::memcpy(im.pixels.data(), hwc.data_ptr<std::uint8_t>(), im.pixels.size());
    return im;
}

}  // namespace

torch::Tensor untransformActivation(const torch::Tensor& x, const torch::Tensor& mat_in) {
    const torch::Tensor mat = mat_in.to(x.device(), torch::kFloat32);
    const torch::Tensor f = bandlimitFilter(mat.to(torch::kCPU)).to(x.device());
    const int64_t p = f.size(0) / 2;
    const int64_t h = x.size(2), w = x.size(3);
    // The sampling grid: the inverse map in normalised coordinates of the padded, upsampled image.
    torch::Tensor theta = mat.inverse();
    theta.index({Slice(0, 2), 2}).mul_(2);
    theta.index({0, 2}).add_(1.0 / kUp / static_cast<double>(w));
    theta.index({1, 2}).add_(1.0 / kUp / static_cast<double>(h));
    theta.index({0}).mul_(static_cast<double>(w) / (static_cast<double>(w) + static_cast<double>(p) / kUp * 2));
    theta.index({1}).mul_(static_cast<double>(h) / (static_cast<double>(h) + static_cast<double>(p) / kUp * 2));
    theta = theta.index({Slice(0, 2), Slice(0, 3)}).unsqueeze(0).repeat({x.size(0), 1, 1});
    const torch::Tensor g = F::affine_grid(theta, x.sizes(), false);
    const torch::Tensor y = upsample(x, f, p);
    return F::grid_sample(y, g, F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kZeros).align_corners(false));
}

LayerPanel displayActivation(const torch::Tensor& activation, const LayerViewSettings& view,
                             const torch::Tensor& transform_buffer) {
    torch::NoGradGuard no_grad;
    torch::Tensor out = activation.to(torch::kFloat32);
    if (view.untransform && transform_buffer.defined())
        out = untransformActivation(out.unsqueeze(0), transform_buffer)[0];
    const torch::Tensor sel = selection(out, view);

    LayerPanel panel;
    const auto inf = std::numeric_limits<double>::infinity();
    panel.mean_all = out.mean().item<float>();
    panel.mean_sel = sel.mean().item<float>();
    panel.std_all = out.std().item<float>();
    panel.std_sel = sel.std().item<float>();
    panel.max_all = out.norm(inf).item<float>();
    panel.max_sel = sel.norm(inf).item<float>();

    torch::Tensor img = sel;
    if (view.normalize) img = img / img.norm(inf, {1, 2}, true).clip(1e-8, 1e8);
    img = img * std::pow(10.0, static_cast<double>(view.gain_db) / 20);
    img = (img * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).permute({1, 2, 0});
    if (view.fft) {
        const torch::Tensor fft = spectrum(view.fft_all ? out : sel, view);
        img = torch::cat({img.to(torch::kCPU).expand_as(fft), fft}, 1);
    }
    panel.image = toImage(img);
    return panel;
}

}  // namespace stylemix
