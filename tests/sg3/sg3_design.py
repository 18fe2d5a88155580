"""StyleGAN3 layer plan and filter design, numpy only (no torch, no scipy).

Shared by sg3_arch.py (torch look-alike modules, fixture time) and
sg3_numpy_arch.py (torch-free look-alike, test time), so both write the same
sizes, rates, cutoffs and filters. Everything follows the published design
(StyleGAN3 paper, Sec. 3 and Appendix C/F): geometric cutoff/stopband
progression, Kaiser-windowed sinc low-pass filters (radial jinc for config R).
"""
import numpy as np


def kaiser_beta(numtaps, width_rel_nyquist):
    """Kaiser's empirical beta for a transition width (relative to Nyquist);
    equals scipy.signal.kaiser_beta(kaiser_atten(numtaps, width))."""
    atten = 2.285 * (numtaps - 1) * np.pi * width_rel_nyquist + 7.95
    if atten > 50:
        return 0.1102 * (atten - 8.7)
    if atten > 21:
        return 0.5842 * (atten - 21) ** 0.4 + 0.07886 * (atten - 21)
    return 0.0


def bessel_j1(x):
    """J1 by the trapezoid rule on Bessel's integral over a full period
    (spectrally accurate for the small arguments used here)."""
    tau = np.linspace(-np.pi, np.pi, 256, endpoint=False)
    return np.cos(tau[None, :] - np.multiply.outer(x.ravel(), np.sin(tau))).mean(axis=1).reshape(x.shape)


def design_lowpass_filter(numtaps, cutoff, width, fs, radial=False):
    """None for the identity (1 tap); else a separable 1-D Kaiser low-pass
    [numtaps] or a radial 2-D jinc low-pass [numtaps, numtaps], unit DC gain,
    as a C-contiguous float32 array."""
    if numtaps == 1:
        return None
    beta = kaiser_beta(numtaps, width / (fs / 2))
    window = np.kaiser(numtaps, beta)
    t = np.arange(numtaps) - (numtaps - 1) / 2
    if not radial:
        c = cutoff / (fs / 2)
        f = c * np.sinc(c * t) * window
        return np.ascontiguousarray(f / f.sum(), dtype=np.float32)
    x = t / fs
    r = np.hypot(*np.meshgrid(x, x))
    f = bessel_j1(2 * cutoff * (np.pi * r)) / (np.pi * r)
    f *= np.outer(window, window)
    return np.ascontiguousarray(f / f.sum(), dtype=np.float32)


def layer_plan(img_resolution, img_channels, channel_base, channel_max, num_layers, num_critical, first_cutoff,
               first_stopband, last_stopband_rel, margin_size):
    """Per-layer cutoffs, stopbands, sampling rates, half-widths, sizes and
    channels: index 0 is the input layer, num_layers the ToRGB layer."""
    last_cutoff = img_resolution / 2
    last_stopband = last_cutoff * last_stopband_rel
    exponents = np.minimum(np.arange(num_layers + 1) / (num_layers - num_critical), 1)
    cutoffs = first_cutoff * (last_cutoff / first_cutoff) ** exponents
    stopbands = first_stopband * (last_stopband / first_stopband) ** exponents
    sampling_rates = np.exp2(np.ceil(np.log2(np.minimum(stopbands * 2, img_resolution))))
    half_widths = np.maximum(stopbands, sampling_rates / 2) - cutoffs
    sizes = sampling_rates + margin_size * 2
    sizes[-2:] = img_resolution
    channels = np.rint(np.minimum((channel_base / 2) / cutoffs, channel_max))
    channels[-1] = img_channels
    return cutoffs, sampling_rates, half_widths, sizes, channels


def layer_padding(in_size, out_size, conv_kernel, up_factor, up_taps, down_factor, down_taps):
    """[x0, x1, y0, y1] padding on the zero-inserted grid so that the output is
    out_size, centred as in the symmetric interpretation (paper Appendix C.3).
    in_size/out_size are int64 [2] arrays."""
    pad_total = (out_size - 1) * down_factor + 1
    pad_total -= (in_size + conv_kernel - 1) * up_factor
    pad_total += up_taps + down_taps - 2
    pad_lo = (pad_total + up_factor) // 2
    pad_hi = pad_total - pad_lo
    return [int(pad_lo[0]), int(pad_hi[0]), int(pad_lo[1]), int(pad_hi[1])]
