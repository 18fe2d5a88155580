"""Variable layouts of NVIDIA's TF-era networks: (local name, shape) lists in
TensorFlow creation order, as `Network.__getstate__` stores them.

Derived by reading (not copying) NVlabs/stylegan training/networks_stylegan.py
(G_style, G_mapping, G_synthesis, D_basic) and NVlabs/stylegan2
training/networks_stylegan2.py (G_main, G_mapping, G_synthesis_stylegan2,
G_synthesis_stylegan_revised, D_stylegan2). The networks are built once as a
"template graph" (network.py `_init_graph` passes is_template_graph=True), which
forces structure='linear' in the progressive-growing builders; that fixes the
order in which each ToRGB_lod*/FromRGB_lod* scope is created. A scalar shape is
the empty tuple (the variables `lod` and `noise_strength`).
"""
import math

# Defaults of the build functions' keyword arguments (only those that shape
# variables).
STYLEGAN1_DEFAULTS = dict(latent_size=512, label_size=0, dlatent_size=512, mapping_layers=8,
                          mapping_fmaps=512, mapping_lrmul=0.01, num_channels=3, resolution=1024,
                          fmap_base=8192, fmap_decay=1.0, fmap_max=512, mbstd_group_size=4,
                          mbstd_num_features=1)
STYLEGAN2_DEFAULTS = dict(latent_size=512, label_size=0, dlatent_size=512, mapping_layers=8,
                          mapping_fmaps=512, mapping_lrmul=0.01, num_channels=3, resolution=1024,
                          fmap_base=16 << 10, fmap_decay=1.0, fmap_min=1, fmap_max=512,
                          mbstd_group_size=4, mbstd_num_features=1)


def _kw(defaults, kwargs):
    unknown = set(kwargs) - set(defaults) - {'structure', 'architecture', 'synthesis_func', 'dlatent_broadcast'}
    assert not unknown, unknown
    return dict(defaults, **{k: v for k, v in kwargs.items() if k in defaults})


def _log2(resolution):
    r = int(math.log2(resolution))
    assert resolution == 2 ** r and resolution >= 4
    return r


def nf_stylegan1(k, stage):
    """networks_stylegan.py G_synthesis/D_basic `nf`: min(int(base / 2^(stage*decay)), max)."""
    return min(int(k['fmap_base'] / (2.0 ** (stage * k['fmap_decay']))), k['fmap_max'])


def nf_stylegan2(k, stage):
    """networks_stylegan2.py `nf`: the same, clipped below by fmap_min too."""
    return max(k['fmap_min'], min(int(k['fmap_base'] / (2.0 ** (stage * k['fmap_decay']))), k['fmap_max']))


def num_layers(resolution):
    """Both G_synthesis builders: resolution_log2 * 2 - 2 styles (ws)."""
    return _log2(resolution) * 2 - 2


# --------------------------------------------------------------------------
# Mapping networks (identical variable layout in both repositories).

def mapping_layout(**kwargs):
    """G_mapping: optional LabelConcat (label -> latent_size, concatenated to z),
    then Dense0..Dense{n-1}; the last one is dlatent_size wide."""
    k = _kw(STYLEGAN2_DEFAULTS, kwargs)  # the same defaults in both repositories
    out = []
    width = k['latent_size']
    if k['label_size']:
        out.append(('LabelConcat/weight', (k['label_size'], k['latent_size'])))
        width += k['latent_size']
    for i in range(k['mapping_layers']):
        fmaps = k['dlatent_size'] if i == k['mapping_layers'] - 1 else k['mapping_fmaps']
        out += [(f'Dense{i}/weight', (width, fmaps)), (f'Dense{i}/bias', (fmaps,))]
        width = fmaps
    return out


def generator_top_layout(**kwargs):
    """G_style / G_main own variables: `lod` (scalar) then `dlatent_avg`."""
    k = _kw(STYLEGAN2_DEFAULTS, kwargs)
    return [('lod', ()), ('dlatent_avg', (k['dlatent_size'],))]


# --------------------------------------------------------------------------
# StyleGAN1.

def stylegan1_synthesis_layout(**kwargs):
    """G_synthesis: lod, noise0..noise{L-1} [1,1,R,R] with R = 2^(i//2+2), then the
    4x4 Const and Conv layers, ToRGB_lod{log2(res)-2}, and per resolution r >= 8
    {r}x{r}/Conv0_up, {r}x{r}/Conv1, ToRGB_lod{log2(res)-log2(r)}. Each layer ends
    with layer_epilogue's Noise/weight, bias, StyleMod/weight, StyleMod/bias."""
    k = _kw(STYLEGAN1_DEFAULTS, kwargs)
    R = _log2(k['resolution'])
    D, nc = k['dlatent_size'], k['num_channels']
    nf = lambda s: nf_stylegan1(k, s)

    def epilogue(scope, ch):
        return [(f'{scope}/Noise/weight', (ch,)), (f'{scope}/bias', (ch,)),
                (f'{scope}/StyleMod/weight', (D, 2 * ch)), (f'{scope}/StyleMod/bias', (2 * ch,))]

    def torgb(res, ch):
        scope = f'ToRGB_lod{R - res}'
        return [(f'{scope}/weight', (1, 1, ch, nc)), (f'{scope}/bias', (nc,))]

    out = [('lod', ())]
    out += [(f'noise{i}', (1, 1, 2 ** (i // 2 + 2), 2 ** (i // 2 + 2))) for i in range(num_layers(k['resolution']))]
    out.append(('4x4/Const/const', (1, nf(1), 4, 4)))
    out += epilogue('4x4/Const', nf(1))
    out.append(('4x4/Conv/weight', (3, 3, nf(1), nf(1))))
    out += epilogue('4x4/Conv', nf(1))
    out += torgb(2, nf(1))
    for res in range(3, R + 1):
        r = 2 ** res
        cin, cout = nf(res - 2), nf(res - 1)
        out.append((f'{r}x{r}/Conv0_up/weight', (3, 3, cin, cout)))
        out += epilogue(f'{r}x{r}/Conv0_up', cout)
        out.append((f'{r}x{r}/Conv1/weight', (3, 3, cout, cout)))
        out += epilogue(f'{r}x{r}/Conv1', cout)
        out += torgb(res, cout)
    return out


def stylegan1_discriminator_layout(**kwargs):
    """D_basic (linear template): lod, FromRGB_lod0, then per r from res down to 8
    Conv0, Conv1_down and FromRGB_lod{k+1}; then 4x4 Conv (one extra input
    channel per minibatch-stddev feature), Dense0 and Dense1."""
    k = _kw(STYLEGAN1_DEFAULTS, kwargs)
    R = _log2(k['resolution'])
    nc = k['num_channels']
    nf = lambda s: nf_stylegan1(k, s)

    def fromrgb(res):
        scope = f'FromRGB_lod{R - res}'
        return [(f'{scope}/weight', (1, 1, nc, nf(res - 1))), (f'{scope}/bias', (nf(res - 1),))]

    out = [('lod', ())] + fromrgb(R)
    for res in range(R, 2, -1):
        r = 2 ** res
        out += [(f'{r}x{r}/Conv0/weight', (3, 3, nf(res - 1), nf(res - 1))), (f'{r}x{r}/Conv0/bias', (nf(res - 1),)),
                (f'{r}x{r}/Conv1_down/weight', (3, 3, nf(res - 1), nf(res - 2))), (f'{r}x{r}/Conv1_down/bias', (nf(res - 2),))]
        out += fromrgb(res - 1)
    mbstd = k['mbstd_num_features'] if k['mbstd_group_size'] > 1 else 0
    out += [('4x4/Conv/weight', (3, 3, nf(1) + mbstd, nf(1))), ('4x4/Conv/bias', (nf(1),)),
            ('4x4/Dense0/weight', (nf(1) * 16, nf(0))), ('4x4/Dense0/bias', (nf(0),)),
            ('4x4/Dense1/weight', (nf(0), max(k['label_size'], 1))), ('4x4/Dense1/bias', (max(k['label_size'], 1),))]
    return out


# --------------------------------------------------------------------------
# StyleGAN2.

def _modconv(scope, D, cin, cout, kernel, noise=True):
    """modulated_conv2d_layer creates weight, mod_weight, mod_bias; `layer()` then
    adds noise_strength; apply_bias_act adds bias (ToRGB has no noise)."""
    out = [(f'{scope}/weight', (kernel, kernel, cin, cout)), (f'{scope}/mod_weight', (D, cin)),
           (f'{scope}/mod_bias', (cin,))]
    if noise:
        out.append((f'{scope}/noise_strength', ()))
    return out + [(f'{scope}/bias', (cout,))]


def _stylegan2_noise(k):
    """noise0..noise{L-2}: [1,1,R,R], R = 2^((i+5)//2)."""
    return [(f'noise{i}', (1, 1, 2 ** ((i + 5) // 2), 2 ** ((i + 5) // 2))) for i in range(num_layers(k['resolution']) - 1)]


def stylegan2_synthesis_layout(**kwargs):
    """G_synthesis_stylegan2 with architecture 'skip' (configs E/F): no lod; noise;
    4x4/Const/const; 4x4/Conv; 4x4/ToRGB; per r >= 8 {r}x{r}/Conv0_up, Conv1, ToRGB."""
    k = _kw(STYLEGAN2_DEFAULTS, kwargs)
    assert kwargs.get('architecture', 'skip') == 'skip'
    R = _log2(k['resolution'])
    D, nc = k['dlatent_size'], k['num_channels']
    nf = lambda s: nf_stylegan2(k, s)
    out = _stylegan2_noise(k)
    out.append(('4x4/Const/const', (1, nf(1), 4, 4)))
    out += _modconv('4x4/Conv', D, nf(1), nf(1), 3)
    out += _modconv('4x4/ToRGB', D, nf(1), nc, 1, noise=False)
    for res in range(3, R + 1):
        r = 2 ** res
        cin, cout = nf(res - 2), nf(res - 1)
        out += _modconv(f'{r}x{r}/Conv0_up', D, cin, cout, 3)
        out += _modconv(f'{r}x{r}/Conv1', D, cout, cout, 3)
        out += _modconv(f'{r}x{r}/ToRGB', D, cout, nc, 1, noise=False)
    return out


def stylegan2_revised_synthesis_layout(**kwargs):
    """G_synthesis_stylegan_revised (configs B-D, linear template): lod; noise;
    4x4 Const/Conv; ToRGB_lod{R-2}; per r: Conv0_up, Conv1, ToRGB_lod{R-r}."""
    k = _kw(STYLEGAN2_DEFAULTS, kwargs)
    R = _log2(k['resolution'])
    D, nc = k['dlatent_size'], k['num_channels']
    nf = lambda s: nf_stylegan2(k, s)
    out = [('lod', ())] + _stylegan2_noise(k)
    out.append(('4x4/Const/const', (1, nf(1), 4, 4)))
    out += _modconv('4x4/Conv', D, nf(1), nf(1), 3)
    out += _modconv(f'ToRGB_lod{R - 2}', D, nf(1), nc, 1, noise=False)
    for res in range(3, R + 1):
        r = 2 ** res
        cin, cout = nf(res - 2), nf(res - 1)
        out += _modconv(f'{r}x{r}/Conv0_up', D, cin, cout, 3)
        out += _modconv(f'{r}x{r}/Conv1', D, cout, cout, 3)
        out += _modconv(f'ToRGB_lod{R - res}', D, cout, nc, 1, noise=False)
    return out


def stylegan2_discriminator_layout(**kwargs):
    """D_stylegan2 with architecture 'resnet' (the default): FromRGB at full
    resolution only; per r: Conv0, Conv1_down, Skip (no bias); 4x4 Conv, Dense0;
    Output."""
    k = _kw(STYLEGAN2_DEFAULTS, kwargs)
    R = _log2(k['resolution'])
    nc = k['num_channels']
    nf = lambda s: nf_stylegan2(k, s)
    r0 = 2 ** R
    out = [(f'{r0}x{r0}/FromRGB/weight', (1, 1, nc, nf(R - 1))), (f'{r0}x{r0}/FromRGB/bias', (nf(R - 1),))]
    for res in range(R, 2, -1):
        r = 2 ** res
        out += [(f'{r}x{r}/Conv0/weight', (3, 3, nf(res - 1), nf(res - 1))), (f'{r}x{r}/Conv0/bias', (nf(res - 1),)),
                (f'{r}x{r}/Conv1_down/weight', (3, 3, nf(res - 1), nf(res - 2))), (f'{r}x{r}/Conv1_down/bias', (nf(res - 2),)),
                (f'{r}x{r}/Skip/weight', (1, 1, nf(res - 1), nf(res - 2)))]
    mbstd = k['mbstd_num_features'] if k['mbstd_group_size'] > 1 else 0
    out += [('4x4/Conv/weight', (3, 3, nf(1) + mbstd, nf(1))), ('4x4/Conv/bias', (nf(1),)),
            ('4x4/Dense0/weight', (nf(1) * 16, nf(0))), ('4x4/Dense0/bias', (nf(0),)),
            ('Output/weight', (nf(0), max(k['label_size'], 1))), ('Output/bias', (max(k['label_size'], 1),))]
    return out
