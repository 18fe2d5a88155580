"""StyleGAN3-shaped module trees with numpy only (no torch, no NVIDIA code).

The torch-free twin of sg3_arch.py, built from sg3_numpy_pickle's Module,
Tensor and Parameter stand-ins: the same classes, parameters, buffers and
plain attributes, in the same order and with the same Python/numpy types as
the generator of NVIDIA's training/networks_stylegan3.py, so
sg3_numpy_pickle.SnapshotPickler writes them as a real StyleGAN3 snapshot.
Layer plan, filters and padding come from sg3_design.py (shared with
sg3_arch.py). Random values come from numpy's Generator (manual_seed), not
torch's RNG; their distributions follow the same initialisation.
"""
import sys

import numpy as np

import sg3_design
from sg3_numpy_pickle import Module, Parameter, Tensor, look_alike as _look_alike

MODULE = 'training.networks_stylegan3'
look_alike = _look_alike(MODULE)

_rng = np.random.default_rng(0)


def manual_seed(seed):
    """Seeds the generator every following constructor draws from."""
    global _rng
    _rng = np.random.default_rng(seed)


def randn(shape):
    return _rng.standard_normal(shape, dtype=np.float32)


def rand(shape):
    return _rng.random(shape, dtype=np.float32)


def _filter(f):
    return None if f is None else Tensor(f)


@look_alike
class FullyConnectedLayer(Module):
    def __init__(self, in_features, out_features, activation='linear', bias=True, lr_multiplier=1, weight_init=1,
                 bias_init=0):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.activation = activation
        self.weight = Parameter(randn([out_features, in_features]) * (weight_init / lr_multiplier))
        bias_init = np.broadcast_to(np.asarray(bias_init, dtype=np.float32), [out_features])
        self.bias = Parameter(bias_init / lr_multiplier) if bias else None
        self.weight_gain = lr_multiplier / np.sqrt(in_features)
        self.bias_gain = lr_multiplier


@look_alike
class MappingNetwork(Module):
    def __init__(self, z_dim, c_dim, w_dim, num_ws, num_layers=2, lr_multiplier=0.01, w_avg_beta=0.998):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim, self.num_ws, self.num_layers = z_dim, c_dim, w_dim, num_ws, num_layers
        self.w_avg_beta = w_avg_beta
        self.embed = FullyConnectedLayer(c_dim, w_dim) if c_dim > 0 else None
        features = [z_dim + (w_dim if c_dim > 0 else 0)] + [w_dim] * num_layers
        for idx in range(num_layers):
            setattr(self, f'fc{idx}', FullyConnectedLayer(features[idx], features[idx + 1], activation='lrelu',
                                                          lr_multiplier=lr_multiplier))
        self.register_buffer('w_avg', Tensor(np.zeros([w_dim], dtype=np.float32)))


@look_alike
class SynthesisInput(Module):
    def __init__(self, w_dim, channels, size, sampling_rate, bandwidth):
        super().__init__()
        self.w_dim = w_dim
        self.channels = channels
        self.size = np.broadcast_to(np.asarray(size), [2])
        self.sampling_rate = sampling_rate
        self.bandwidth = bandwidth
        # Frequencies drawn inside a disc of radius `bandwidth`, random phases.
        freqs = randn([channels, 2])
        radii = np.sqrt(np.square(freqs).sum(axis=1, keepdims=True))
        freqs /= radii * np.power(np.exp(np.square(radii)), 0.25)
        freqs *= bandwidth
        phases = rand([channels]) - 0.5
        self.weight = Parameter(randn([channels, channels]))
        self.affine = FullyConnectedLayer(w_dim, 4, weight_init=0, bias_init=[1, 0, 0, 0])
        self.register_buffer('transform', Tensor(np.eye(3, 3, dtype=np.float32)))
        self.register_buffer('freqs', Tensor(freqs))
        self.register_buffer('phases', Tensor(phases))


@look_alike
class SynthesisLayer(Module):
    def __init__(self, w_dim, is_torgb, is_critically_sampled, use_fp16, in_channels, out_channels, in_size, out_size,
                 in_sampling_rate, out_sampling_rate, in_cutoff, out_cutoff, in_half_width, out_half_width,
                 conv_kernel=3, filter_size=6, lrelu_upsampling=2, use_radial_filters=False, conv_clamp=256,
                 magnitude_ema_beta=0.999):
        super().__init__()
        self.w_dim = w_dim
        self.is_torgb = is_torgb
        self.is_critically_sampled = is_critically_sampled
        self.use_fp16 = use_fp16
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.in_size = np.broadcast_to(np.asarray(in_size), [2])
        self.out_size = np.broadcast_to(np.asarray(out_size), [2])
        self.in_sampling_rate = in_sampling_rate
        self.out_sampling_rate = out_sampling_rate
        self.tmp_sampling_rate = max(in_sampling_rate, out_sampling_rate) * (1 if is_torgb else lrelu_upsampling)
        self.in_cutoff = in_cutoff
        self.out_cutoff = out_cutoff
        self.in_half_width = in_half_width
        self.out_half_width = out_half_width
        self.conv_kernel = 1 if is_torgb else conv_kernel
        self.conv_clamp = conv_clamp
        self.magnitude_ema_beta = magnitude_ema_beta

        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.weight = Parameter(randn([out_channels, in_channels, self.conv_kernel, self.conv_kernel]))
        self.bias = Parameter(np.zeros([out_channels], dtype=np.float32))
        self.register_buffer('magnitude_ema', Tensor(np.ones([], dtype=np.float32)))

        self.up_factor = int(np.rint(self.tmp_sampling_rate / in_sampling_rate))
        self.up_taps = filter_size * self.up_factor if self.up_factor > 1 and not is_torgb else 1
        self.register_buffer('up_filter', _filter(sg3_design.design_lowpass_filter(
            self.up_taps, in_cutoff, in_half_width * 2, self.tmp_sampling_rate)))
        self.down_factor = int(np.rint(self.tmp_sampling_rate / out_sampling_rate))
        self.down_taps = filter_size * self.down_factor if self.down_factor > 1 and not is_torgb else 1
        self.down_radial = use_radial_filters and not is_critically_sampled
        self.register_buffer('down_filter', _filter(sg3_design.design_lowpass_filter(
            self.down_taps, out_cutoff, out_half_width * 2, self.tmp_sampling_rate, radial=self.down_radial)))

        self.padding = sg3_design.layer_padding(self.in_size, self.out_size, self.conv_kernel, self.up_factor,
                                                self.up_taps, self.down_factor, self.down_taps)


@look_alike
class SynthesisNetwork(Module):
    def __init__(self, w_dim, img_resolution, img_channels, channel_base=32768, channel_max=512, num_layers=14,
                 num_critical=2, first_cutoff=2, first_stopband=2 ** 2.1, last_stopband_rel=2 ** 0.3, margin_size=10,
                 output_scale=0.25, num_fp16_res=4, **layer_kwargs):
        super().__init__()
        self.w_dim = w_dim
        self.num_ws = num_layers + 2
        self.img_resolution = img_resolution
        self.img_channels = img_channels
        self.num_layers = num_layers
        self.num_critical = num_critical
        self.margin_size = margin_size
        self.output_scale = output_scale
        self.num_fp16_res = num_fp16_res
        cutoffs, rates, half_widths, sizes, channels = sg3_design.layer_plan(
            img_resolution, img_channels, channel_base, channel_max, num_layers, num_critical, first_cutoff,
            first_stopband, last_stopband_rel, margin_size)
        self.input = SynthesisInput(w_dim=w_dim, channels=int(channels[0]), size=int(sizes[0]),
                                    sampling_rate=rates[0], bandwidth=cutoffs[0])
        self.layer_names = []
        for idx in range(num_layers + 1):
            prev = max(idx - 1, 0)
            layer = SynthesisLayer(
                w_dim=w_dim, is_torgb=(idx == num_layers), is_critically_sampled=(idx >= num_layers - num_critical),
                use_fp16=(rates[idx] * (2 ** num_fp16_res) > img_resolution),
                in_channels=int(channels[prev]), out_channels=int(channels[idx]),
                in_size=int(sizes[prev]), out_size=int(sizes[idx]),
                in_sampling_rate=int(rates[prev]), out_sampling_rate=int(rates[idx]),
                in_cutoff=cutoffs[prev], out_cutoff=cutoffs[idx],
                in_half_width=half_widths[prev], out_half_width=half_widths[idx], **layer_kwargs)
            # One str object for the _modules key and the layer_names entry, as
            # setattr's interning gives in a fresh process (memoised once).
            name = sys.intern(f'L{idx}_{layer.out_size[0]}_{layer.out_channels}')
            setattr(self, name, layer)
            self.layer_names.append(name)


@look_alike
class Generator(Module):
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs={}, **synthesis_kwargs):
        super().__init__()
        self.z_dim = z_dim
        self.c_dim = c_dim
        self.w_dim = w_dim
        self.img_resolution = img_resolution
        self.img_channels = img_channels
        self.synthesis = SynthesisNetwork(w_dim=w_dim, img_resolution=img_resolution, img_channels=img_channels,
                                          **synthesis_kwargs)
        self.num_ws = self.synthesis.num_ws
        self.mapping = MappingNetwork(z_dim=z_dim, c_dim=c_dim, w_dim=w_dim, num_ws=self.num_ws, **mapping_kwargs)
