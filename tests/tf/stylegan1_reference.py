"""Float64 NumPy implementation of StyleGAN1's generator (G_style inference at
lod 0), written from NVlabs/stylegan training/networks_stylegan.py. Every formula
names the function it comes from. Inputs are read from a TF-era pickle by the
stand-in unpickler in tf_pickle_writer.py (no NVIDIA code is imported).

    net = StyleGAN1(tf_pickle_writer.load_pickle(path)[2])   # Gs
    ws = net.ws(z, psi=0.7, cutoff=8)
    img = net.synthesis(ws, noise='const')                    # [N, C, H, W]
    acts = {}
    net.synthesis(ws, noise='const', activations=acts)        # every layer's output by TF scope

Layer activations (the layer view's names, docs/explorer.md "Layers"): each layer's
epilogue output under its TF scope ("4x4/Const", "4x4/Conv", "8x8/Conv0_up", "8x8/Conv1",
...) and the image as "output". make_stylegan1_layer_reference.py writes a few of them.
"""
import math

import numpy as np

import tf_layouts as L

# Build-function kwargs this implementation supports only at their defaults.
_FIXED = dict(use_styles=True, const_input_layer=True, use_noise=True, nonlinearity='lrelu', use_wscale=True,
              use_pixel_norm=False, use_instance_norm=True, blur_filter=[1, 2, 1], mapping_nonlinearity='lrelu',
              normalize_latents=True, dtype='float32')
_SYNTHESIS_DEFAULTS = dict(dlatent_size=512, num_channels=3, resolution=1024, fmap_base=8192, fmap_decay=1.0,
                           fmap_max=512, fused_scale='auto')
_MAPPING_DEFAULTS = dict(latent_size=512, label_size=0, dlatent_size=512, mapping_layers=8, mapping_fmaps=512,
                         mapping_lrmul=0.01)
SQRT2 = math.sqrt(2.0)


def _merged(defaults, static_kwargs):
    for key, value in _FIXED.items():
        if key in static_kwargs and static_kwargs[key] != value:
            raise NotImplementedError(f'{key}={static_kwargs[key]!r} is not supported')
    return {k: static_kwargs.get(k, v) for k, v in defaults.items()}


# ---------------------------------------------------------------------------
# Primitive ops (NCHW, float64).

def lrelu(x):
    """leaky_relu: max(x, 0.2 x). No gain afterwards: the gain lives in get_weight."""
    return np.maximum(x, 0.2 * x)


def conv2d_same(x, w):
    """conv2d: tf.nn.conv2d SAME, stride 1, cross-correlation with w [k, k, in, out]."""
    k = w.shape[0]
    p = k // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    H, W = x.shape[2:]
    out = 0
    for dy in range(k):
        for dx in range(k):
            out = out + np.einsum('nihw,io->nohw', xp[:, :, dy:dy + H, dx:dx + W], w[dy, dx], optimize=True)
    return out


def upscale2d(x):
    """_upscale2d: nearest-neighbour x2 via tf.tile."""
    return x.repeat(2, axis=2).repeat(2, axis=3)


def fused_upscale_kernel(w):
    """upscale2d_conv2d (fused branch): w [3,3,in,out] -> transposed to
    [3,3,out,in], zero-padded to 5x5, and the four 1-pixel shifts summed -> [4,4,out,in]."""
    wt = np.transpose(w, (0, 1, 3, 2))
    wp = np.pad(wt, ((1, 1), (1, 1), (0, 0), (0, 0)))
    return wp[1:, 1:] + wp[:-1, 1:] + wp[1:, :-1] + wp[:-1, :-1]


def conv2d_transpose_stride2_same(x, k):
    """tf.nn.conv2d_transpose(x, k [4,4,out,in], output 2H x 2W, strides 2, SAME):
    the input-gradient of a stride-2 SAME conv over 2H (pad 1 before, 1 after), so
    out[o, 2a+p-1, 2b+q-1] += k[p,q,o,i] x[i,a,b]."""
    N, _, H, W = x.shape
    kh = k.shape[0]
    full = np.zeros((N, k.shape[2], 2 * H + kh - 2, 2 * W + kh - 2))
    for p in range(kh):
        for q in range(kh):
            full[:, :, p:p + 2 * H:2, q:q + 2 * W:2] += np.einsum('nihw,oi->nohw', x, k[p, q], optimize=True)
    return full[:, :, 1:1 + 2 * H, 1:1 + 2 * W]


def blur2d(x):
    """_blur2d: depthwise [1,2,1] x [1,2,1] / 16, SAME (zero padding)."""
    f = np.array([1.0, 2.0, 1.0])
    f = np.outer(f, f) / 16.0
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    H, W = x.shape[2:]
    return sum(f[dy, dx] * xp[:, :, dy:dy + H, dx:dx + W] for dy in range(3) for dx in range(3))


def instance_norm(x, eps=1e-8):
    """instance_norm: subtract the per-channel mean over HW, then divide by
    sqrt(mean over HW of the square + eps)."""
    x = x - x.mean(axis=(2, 3), keepdims=True)
    return x / np.sqrt(np.mean(x * x, axis=(2, 3), keepdims=True) + eps)


def wscale(shape, gain, lrmul=1.0):
    """get_weight with use_wscale: runtime coefficient gain / sqrt(fan_in) * lrmul,
    fan_in = prod(shape[:-1])."""
    return gain / math.sqrt(float(np.prod(shape[:-1]))) * lrmul


# ---------------------------------------------------------------------------

class StyleGAN1:
    """G_style with its `mapping` (G_mapping) and `synthesis` (G_synthesis)."""

    def __init__(self, gs):
        if gs.build_func_name != 'G_style':
            raise ValueError(f'not a G_style network: {gs.build_func_name}')
        syn, mapping = gs.components['synthesis'], gs.components['mapping']
        self.mk = _merged(_MAPPING_DEFAULTS, mapping.static_kwargs)
        self.sk = _merged(_SYNTHESIS_DEFAULTS, syn.static_kwargs)
        f64 = lambda net: {n: np.asarray(v, dtype=np.float64) for n, v in net.variables}
        self.top, self.syn, self.map = f64(gs), f64(syn), f64(mapping)
        self.resolution_log2 = int(round(math.log2(self.sk['resolution'])))
        self.num_layers = L.num_layers(self.sk['resolution'])
        if self.top['lod'] != 0 or self.syn['lod'] != 0:
            raise NotImplementedError('only lod 0 (fully grown) is implemented')
        self._check_shapes()

    def _check_shapes(self):
        """Every variable has the shape that networks_stylegan.py would create."""
        expect = dict(L.stylegan1_synthesis_layout(**{k: v for k, v in self.sk.items() if k != 'fused_scale'}))
        expect.update({'map/' + n: s for n, s in L.mapping_layout(**self.mk)})
        have = {n: v.shape for n, v in self.syn.items()}
        have.update({'map/' + n: v.shape for n, v in self.map.items()})
        if expect != have:
            raise ValueError(f'variables do not match static_kwargs: {set(expect.items()) ^ set(have.items())}')

    def nf(self, stage):
        """G_synthesis nf: min(int(fmap_base / 2^(stage*fmap_decay)), fmap_max)."""
        k = self.sk
        return min(int(k['fmap_base'] / (2.0 ** (stage * k['fmap_decay']))), k['fmap_max'])

    # --- G_mapping -----------------------------------------------------------
    def mapping(self, z, labels=None):
        """G_mapping: optional LabelConcat (labels @ weight, raw, concatenated after
        z); pixel_norm (x * rsqrt(mean(x^2) + 1e-8) over features); then Dense
        layers (wscale gain sqrt(2), lrmul mapping_lrmul on weight and bias) each
        followed by lrelu, including the last. Returns [N, dlatent_size]."""
        k = self.mk
        x = np.asarray(z, np.float64).reshape(-1, k['latent_size'])
        if k['label_size']:
            y = np.asarray(labels, np.float64).reshape(-1, k['label_size']) @ self.map['LabelConcat/weight']
            x = np.concatenate([x, y], axis=1)
        x = x / np.sqrt(np.mean(x * x, axis=1, keepdims=True) + 1e-8)
        lrmul = k['mapping_lrmul']
        for i in range(k['mapping_layers']):
            w = self.map[f'Dense{i}/weight']
            x = x @ (w * wscale(w.shape, SQRT2, lrmul)) + self.map[f'Dense{i}/bias'] * lrmul
            x = lrelu(x)
        return x

    def ws(self, z, labels=None, psi=1.0, cutoff=None):
        """G_style: broadcast the mapping output to num_layers (dlatent_broadcast),
        then truncation tflib.lerp(dlatent_avg, w, psi) = avg + (w - avg) * psi on layers
        < cutoff. G_style skips it when psi == 1 or cutoff is None/<= 0; here cutoff
        None means all layers (G_main's convention), so pass cutoff=8 for G_style's
        default."""
        w = np.repeat(self.mapping(z, labels)[:, None, :], self.num_layers, axis=1)
        if psi == 1:
            return w
        cutoff = self.num_layers if cutoff is None else cutoff
        if cutoff <= 0:
            return w
        avg = self.top['dlatent_avg']
        # G_style forms the coefficients as psi * (float32 ones), i.e. psi rounded to float32.
        coefs = np.where(np.arange(self.num_layers) < cutoff, np.float32(psi), np.float32(1))
        coefs = coefs.astype(np.float64)[None, :, None]
        return avg + (w - avg) * coefs

    # --- G_synthesis ---------------------------------------------------------
    def _epilogue(self, x, scope, layer_idx, w, noise):
        """layer_epilogue: + noise * Noise/weight[c] -> + bias -> lrelu ->
        instance_norm -> style_mod. style_mod (StyleMod scope): style = w @
        weight * (1/sqrt(dlatent)) + bias, reshaped [N, 2, C]: x * (style[:,0] + 1)
        + style[:,1]."""
        if noise is not None:
            x = x + noise * self.syn[f'{scope}/Noise/weight'][None, :, None, None]
        x = x + self.syn[f'{scope}/bias'][None, :, None, None]
        x = instance_norm(lrelu(x))
        sw = self.syn[f'{scope}/StyleMod/weight']
        style = w[:, layer_idx] @ (sw * wscale(sw.shape, 1.0)) + self.syn[f'{scope}/StyleMod/bias']
        C = x.shape[1]
        return x * (style[:, :C, None, None] + 1.0) + style[:, C:, None, None]

    def _conv_weight(self, scope):
        w = self.syn[f'{scope}/weight']
        return w * wscale(w.shape, SQRT2)

    def _fused(self, res):
        """upscale2d_conv2d fused_scale='auto': fused when the output (2 x input) is >= 128."""
        fs = self.sk['fused_scale']
        return (2 ** res >= 128) if fs == 'auto' else bool(fs)

    def noise_inputs(self, mode, batch):
        """'const': the stored noise{i} ([1,1,R,R], shared by the batch); 'none':
        no noise is added; a list: explicit [N or 1, 1, R, R] arrays per layer."""
        if mode == 'const':
            return [self.syn[f'noise{i}'] for i in range(self.num_layers)]
        if mode == 'none':
            return [None] * self.num_layers
        assert len(mode) == self.num_layers
        return [np.asarray(n, np.float64) for n in mode]

    def synthesis(self, ws, noise='const', fused_check=False, activations=None):
        """G_synthesis at lod 0 (ToRGB_lod0 of the last block; the recursive and
        linear structures agree there). ws: [N, num_layers, dlatent_size].
        fused_check=True replaces the fused path by nearest x2 + conv with the
        spatially flipped kernel (an independent formulation, for verification).
        activations: a dict that receives each layer's output by TF scope, and "output"."""
        keep = (lambda name, x: activations.__setitem__(name, x)) if activations is not None else (lambda *_: None)
        ws = np.asarray(ws, np.float64)
        N = ws.shape[0]
        noises = self.noise_inputs(noise, N)
        # 4x4: the learned constant tiled over the batch, then Conv (3x3, gain sqrt 2).
        x = np.repeat(self.syn['4x4/Const/const'], N, axis=0)
        x = self._epilogue(x, '4x4/Const', 0, ws, noises[0])
        keep('4x4/Const', x)
        x = conv2d_same(x, self._conv_weight('4x4/Conv'))
        x = self._epilogue(x, '4x4/Conv', 1, ws, noises[1])
        keep('4x4/Conv', x)
        # block(res): Conv0_up = blur(upscale2d_conv2d(x)) -> epilogue 2res-4; Conv1 -> epilogue 2res-3.
        for res in range(3, self.resolution_log2 + 1):
            r = 2 ** res
            w0 = self._conv_weight(f'{r}x{r}/Conv0_up')
            if not self._fused(res):
                x = conv2d_same(upscale2d(x), w0)
            elif fused_check:
                x = conv2d_same(upscale2d(x), w0[::-1, ::-1])
            else:
                x = conv2d_transpose_stride2_same(x, fused_upscale_kernel(w0))
            x = self._epilogue(blur2d(x), f'{r}x{r}/Conv0_up', 2 * res - 4, ws, noises[2 * res - 4])
            keep(f'{r}x{r}/Conv0_up', x)
            x = conv2d_same(x, self._conv_weight(f'{r}x{r}/Conv1'))
            x = self._epilogue(x, f'{r}x{r}/Conv1', 2 * res - 3, ws, noises[2 * res - 3])
            keep(f'{r}x{r}/Conv1', x)
        # torgb: 1x1 conv, gain 1, + bias; no activation.
        w = self.syn['ToRGB_lod0/weight']
        img = conv2d_same(x, w * wscale(w.shape, 1.0)) + self.syn['ToRGB_lod0/bias'][None, :, None, None]
        keep('output', img)
        return img


def to_uint8(img):
    """NCHW float -> NHWC uint8 like the official scripts: clip(x*127.5 + 128, 0, 255), truncated."""
    return np.clip(np.transpose(img, (0, 2, 3, 1)) * 127.5 + 128, 0, 255).astype(np.uint8)
