#!/usr/bin/python3
"""Dev-time maker of the StyleGAN3 fixtures and reference outputs in tests/data/sg3.

    nice /usr/bin/python3 tests/sg3/make_sg3_fixtures.py [--nvlabs /work/nvlabs/stylegan3] [--out tests/data/sg3]

Needs NVIDIA's stylegan3 repository (put on sys.path here, never committed):
the generators are NVIDIA's own training/networks_stylegan3.Generator objects,
and every reference tensor is computed by NVIDIA's code on the CPU. The
pickles are written by sg3_pickle.SnapshotPickler (our code), which stores the
objects' real state but a stand-in module_src. See tests/data/sg3/README.md.
"""
import argparse
import copy
import os
import pickle
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SEEDS = [0, 1, 2, 3]
MIX_ROWS, MIX_COLS, MIX_PSI = [0, 1], [2, 3], 0.7
USER_TRANSLATE, USER_ROTATE_DEG = (0.1, -0.2), 10.0


def config_t(**kw):
    return kw


def config_r(**kw):
    return dict(kw, conv_kernel=1, use_radial_filters=True)


def magnitude_beta(batch):
    return 0.5 ** (batch / (20 * 1e3))   # train.py's choice for StyleGAN3


# name -> (torch seed, Generator kwargs as train.py passes them, stored user transform or None)
def fixture_specs(EasyDict):
    return {
        'sg3t_16': (10, config_t(z_dim=12, w_dim=16, mapping_kwargs=EasyDict(num_layers=2), channel_base=256,
                                 channel_max=24, num_layers=6, magnitude_ema_beta=magnitude_beta(32),
                                 c_dim=0, img_resolution=16, img_channels=3), None),
        'sg3t_32': (11, config_t(z_dim=16, w_dim=16, mapping_kwargs=EasyDict(num_layers=2), channel_base=512,
                                 channel_max=16, num_layers=8, margin_size=6, magnitude_ema_beta=magnitude_beta(64),
                                 c_dim=0, img_resolution=32, img_channels=3), ((0.05, 0.02), -5.0)),
        'sg3r_16': (12, config_r(z_dim=16, w_dim=12, mapping_kwargs=EasyDict(num_layers=2), channel_base=512,
                                 channel_max=32, num_layers=6, magnitude_ema_beta=magnitude_beta(32),
                                 c_dim=0, img_resolution=16, img_channels=3), None),
        'sg3r_32': (13, config_r(z_dim=16, w_dim=16, mapping_kwargs=EasyDict(num_layers=3), channel_base=1024,
                                 channel_max=24, num_layers=7, num_critical=3, magnitude_ema_beta=magnitude_beta(32),
                                 c_dim=0, img_resolution=32, img_channels=3), ((-0.08, 0.03), 20.0)),
    }


def make_transform(translate, angle_deg):
    """The user transform of gen_images.py / the visualizer: 3x3 float64,
    rows [cos, sin, tx], [-sin, cos, ty], [0, 0, 1] (angle in degrees)."""
    a = np.deg2rad(angle_deg)
    return np.array([[np.cos(a), np.sin(a), translate[0]],
                     [-np.sin(a), np.cos(a), translate[1]],
                     [0.0, 0.0, 1.0]])


def set_user_transform(G, user):
    """What gen_images.py and viz/renderer.py do: the buffer holds the inverse."""
    m = np.eye(3) if user is None else np.linalg.inv(user)
    G.synthesis.input.transform.copy_(torch.from_numpy(m))


# ---------------------------------------------------------------------------
# Building a generator with non-trivial parameters and buffers

@torch.no_grad()
def randomize(G, gen):
    """Seeded random parameters around NVIDIA's initialisation, so that every
    parameter (biases, the input affine) matters."""
    def rnd(shape, scale):
        return torch.randn(shape, generator=gen) * scale
    for name, p in G.named_parameters():
        if name.startswith('mapping.') and name.endswith('.bias'):
            p.copy_(rnd(p.shape, 0.2 / 0.01))                 # bias_gain is lr_multiplier 0.01
        elif name == 'synthesis.input.affine.weight':
            p.copy_(rnd(p.shape, 0.5))                        # NVIDIA initialises it to 0
        elif name == 'synthesis.input.affine.bias':
            p.add_(rnd(p.shape, 0.1))
        elif name.endswith('affine.bias'):
            p.add_(rnd(p.shape, 0.2))                         # around 1
        elif name.endswith('.bias'):
            p.copy_(rnd(p.shape, 0.2))
        else:
            p.copy_(rnd(p.shape, 1.0))


@torch.no_grad()
def calibrate_emas(G, gen, batch=64):
    """w_avg := mean mapping output over 1000 z; magnitude_ema := each layer's
    input mean square, from one training-mode pass with beta 0 (a layer
    updates its EMA before using it, so one pass is self-consistent)."""
    z = torch.randn([1000, G.z_dim], generator=gen)
    G.mapping.w_avg.copy_(G.mapping(z, None)[:, 0].mean(0))
    layers = [getattr(G.synthesis, n) for n in G.synthesis.layer_names]
    betas = [l.magnitude_ema_beta for l in layers]
    for l in layers:
        l.magnitude_ema_beta = 0.0
    G.train()
    ws = G.mapping(torch.randn([batch, G.z_dim], generator=gen), None)
    G.synthesis(ws, update_emas=True, force_fp32=True)
    G.eval()
    for l, b in zip(layers, betas):
        l.magnitude_ema_beta = b   # the very same float object back
    assert all(float(l.magnitude_ema) > 0 for l in layers)


def build_generator(nv, seed, kwargs, stored_user):
    torch.manual_seed(seed)
    G = nv.Generator(**copy.deepcopy(kwargs))
    gen = torch.Generator().manual_seed(seed + 1000)
    randomize(G, gen)
    calibrate_emas(G, gen)
    set_user_transform(G, None if stored_user is None else make_transform(*stored_user))
    return copy.deepcopy(G).eval().requires_grad_(False)


def build_discriminator(nv2, G, seed):
    torch.manual_seed(seed + 2000)
    return nv2.Discriminator(c_dim=0, img_resolution=G.img_resolution, img_channels=G.img_channels,
                             channel_base=G.synthesis._init_kwargs['channel_base'], channel_max=16,
                             num_fp16_res=0, conv_clamp=256)


# ---------------------------------------------------------------------------
# Reference outputs (NVIDIA's code, CPU, float32, batch 1 unless stated)

def to_uint8_nhwc(img):
    """gen_images.py: (x*127.5 + 128).clamp(0, 255) then truncation to uint8."""
    return (img.permute(0, 2, 3, 1) * 127.5 + 128).clamp(0, 255).to(torch.uint8)


@torch.no_grad()
def synth(G, ws):
    return G.synthesis(ws, noise_mode='const', force_fp32=True)


@torch.no_grad()
def references(G):
    out = {}
    c = torch.zeros([1, G.c_dim])
    zs = [np.random.RandomState(s).randn(1, G.z_dim) for s in SEEDS]
    out['z'] = np.concatenate(zs)
    cases = {'psi1': dict(truncation_psi=1), 'psi07': dict(truncation_psi=0.7),
             'psi05_cutoff3': dict(truncation_psi=0.5, truncation_cutoff=3)}
    for tag, kw in cases.items():
        ws = [G.mapping(torch.from_numpy(z), c, **kw) for z in zs]
        out[f'ws_{tag}'] = torch.cat(ws).numpy()
        out[f'img_{tag}'] = torch.cat([synth(G, w) for w in ws]).numpy()
    out['img_psi1_u8'] = to_uint8_nhwc(torch.from_numpy(out['img_psi1'])).numpy()

    # Input transform override, as gen_images.py --translate/--rotate does.
    stored = G.synthesis.input.transform.clone()
    user = make_transform(USER_TRANSLATE, USER_ROTATE_DEG)
    set_user_transform(G, user)
    out['user_transform'] = user
    out['transform_buffer_user'] = G.synthesis.input.transform.numpy().copy()
    ws1 = torch.from_numpy(out['ws_psi1'])
    out['img_psi1_user_transform'] = torch.cat([synth(G, ws1[i:i + 1]) for i in range(len(SEEDS))]).numpy()
    G.synthesis.input.transform.copy_(stored)
    out['transform_buffer_stored'] = stored.numpy()
    out.update(style_mixing(G))
    return out


def style_mix_sets(num_ws):
    return [[0], [0, 1, 2, 3], list(range(4, num_ws)), [1, 5]]


@torch.no_grad()
def style_mixing(G):
    """style_mixing.py semantics (stylegan2-ada-pytorch): map the unique seeds
    as one batch, truncate every w in plain float32, synthesise each cell alone."""
    all_seeds = list(set(MIX_ROWS + MIX_COLS))
    all_z = np.stack([np.random.RandomState(s).randn(G.z_dim) for s in all_seeds])
    all_w = G.mapping(torch.from_numpy(all_z), None)
    w_avg = G.mapping.w_avg
    all_w = w_avg + (all_w - w_avg) * MIX_PSI
    w_dict = dict(zip(all_seeds, all_w))
    sets = style_mix_sets(G.num_ws)
    mask = np.zeros([len(sets), G.num_ws])
    mix_ws = np.zeros([len(sets), len(MIX_ROWS), len(MIX_COLS), G.num_ws, G.w_dim], np.float32)
    mix_img = np.zeros([len(sets), len(MIX_ROWS), len(MIX_COLS), G.img_channels, G.img_resolution,
                        G.img_resolution], np.float32)
    for k, styles in enumerate(sets):
        mask[k, styles] = 1
        for i, r in enumerate(MIX_ROWS):
            for j, col in enumerate(MIX_COLS):
                w = w_dict[r].clone()
                w[styles] = w_dict[col][styles]
                mix_ws[k, i, j] = w.numpy()
                mix_img[k, i, j] = synth(G, w[np.newaxis])[0].numpy()
    src_ws = torch.stack([w_dict[s] for s in SEEDS])
    return {'mix_src_ws': src_ws.numpy(), 'mix_style_mask': mask, 'mix_ws': mix_ws, 'mix_img': mix_img,
            'mix_src_img': torch.cat([synth(G, src_ws[i:i + 1]) for i in range(len(SEEDS))]).numpy(),
            'mix_src_img_batch4': synth(G, src_ws).numpy()}


# ---------------------------------------------------------------------------
# Checks

class NvidiaUnpickler(pickle.Unpickler):
    """Loads our fixture pickles into NVIDIA's classes (the stand-in
    module_src names the module: training/networks_stylegan{2,3}.py)."""
    def __init__(self, f, modules):
        super().__init__(f)
        self.modules = modules

    def find_class(self, module, name):
        if (module, name) == ('torch_utils.persistence', '_reconstruct_persistent_obj'):
            return self.reconstruct
        return super().find_class(module, name)

    def reconstruct(self, meta):
        from torch_utils import persistence
        assert meta['type'] == 'class' and meta['version'] == 6
        module = self.modules[next(k for k in self.modules if k.replace('.', '/') in meta['module_src'])]
        cls = persistence.persistent_class(getattr(module, meta['class_name']))
        obj = cls.__new__(cls)
        obj.__setstate__(meta['state'])
        return obj


def same_value(a, b):
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, (float, np.floating)):
        return type(a) is type(b) and abs(a - b) <= 1e-12 * max(1.0, abs(a))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(a) is type(b) and list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def check_look_alike(G_nv, kwargs):
    """sg3_arch must reproduce NVIDIA's layout: names, attribute order and
    types, buffer shapes, and the designed filters."""
    import sg3_arch
    mine = sg3_arch.Generator(**copy.deepcopy(kwargs)).eval().requires_grad_(False)
    nv_mods, my_mods = dict(G_nv.named_modules()), dict(mine.named_modules())
    assert list(nv_mods) == list(my_mods), (list(nv_mods), list(my_mods))
    for name, m in nv_mods.items():
        o = my_mods[name]
        assert type(m).__name__ == type(o).__name__
        assert list(m.__dict__) == list(o.__dict__), (name, list(m.__dict__), list(o.__dict__))
        for k, v in m.__dict__.items():
            if k in ('_parameters', '_buffers', '_modules'):
                assert list(v) == list(o.__dict__[k]), (name, k)
                continue
            assert same_value(v, o.__dict__[k]), (name, k, v, o.__dict__[k])
    for (n, a), (_, b) in zip(G_nv.named_buffers(), mine.named_buffers()):
        assert a.shape == b.shape, n
        if n.endswith('_filter'):
            err = (a - b).abs().max().item()
            assert err < 1e-6, (n, err)


def opcode_outline(data):
    """Opcode names, ignoring arguments and FRAME (framing follows the byte
    count, which our shorter module_src shifts)."""
    import pickletools
    outline = []
    for op, arg, _ in pickletools.genops(data):
        if op.name == 'FRAME':
            continue
        outline.append(op.name)
        if op.name in ('SHORT_BINUNICODE', 'BINUNICODE', 'BINUNICODE8') and len(arg) > 200:
            outline[-1] = 'LONG_TEXT'   # module_src: NVIDIA's is long, ours shorter
    return outline


def check_same_structure_as_nvidia(data, sg3_pickle):
    """Our writer's stream equals NVIDIA's own pickling of the same objects
    opcode for opcode, and names the same globals, module_src aside."""
    import pickletools
    import io
    buf = io.BytesIO()
    pickle.dump(data, buf, protocol=sg3_pickle.PROTOCOL)   # what training_loop.py does, into a file
    ours, theirs = sg3_pickle.dumps(data), buf.getvalue()
    assert opcode_outline(ours) == opcode_outline(theirs), 'opcode structure differs from NVIDIA persistence'
    def globals_of(b):
        pushed, memo, found = [], {}, set()
        for op, arg, _ in pickletools.genops(b):
            if op.name in ('SHORT_BINUNICODE', 'BINUNICODE', 'UNICODE'):
                pushed.append(arg)
            elif op.name == 'MEMOIZE':
                memo[len(memo)] = pushed[-1] if pushed else None
            elif op.name in ('BINGET', 'LONG_BINGET'):
                pushed.append(memo.get(arg))
            elif op.name == 'STACK_GLOBAL':
                found.add((pushed[-2], pushed[-1]))
                pushed.append(None)
            elif op.name != 'FRAME':
                pushed.append(None)
        return sorted(found)
    assert globals_of(ours) == globals_of(theirs)
    return globals_of(ours)


def check_pickle_roundtrip(path, G_ema, ref, modules):
    with open(path, 'rb') as f:
        data = NvidiaUnpickler(f, modules).load()
    G = data['G_ema']
    a, b = G.state_dict(), G_ema.state_dict()
    assert list(a) == list(b) and all(torch.equal(a[k], b[k]) for k in a)
    img = torch.cat([synth(G, torch.from_numpy(ref['ws_psi1'][i:i + 1])) for i in range(len(SEEDS))])
    assert torch.equal(img, torch.from_numpy(ref['img_psi1'])), 'pickle round trip changed the images'


# ---------------------------------------------------------------------------

def write_fixture(out, name, G_ema, D, sg3_pickle):
    G = copy.deepcopy(G_ema)
    with torch.no_grad():   # G differs from G_ema, so reading G by mistake is caught
        for p in G.parameters():
            p.add_(1.0)
    data = sg3_pickle.snapshot(G, D, G_ema, sg3_pickle.training_set_kwargs(G_ema.img_resolution))
    path = os.path.join(out, name + '.pkl')
    with open(path, 'wb') as f:
        f.write(sg3_pickle.dumps(data))
    print(f'{name}: same opcodes and globals as NVIDIA persistence:', check_same_structure_as_nvidia(data, sg3_pickle))
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nvlabs', default='/work/nvlabs/stylegan3')
    ap.add_argument('--out', default=os.path.join(HERE, '..', 'data', 'sg3'))
    ap.add_argument('--only', nargs='*', help='fixture names (default: all)')
    args = ap.parse_args()
    sys.path.insert(0, args.nvlabs)
    import dnnlib
    from training import networks_stylegan2 as nv2
    from training import networks_stylegan3 as nv3
    import sg3_pickle
    import safetensors_io
    import make_bad_sg3
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    modules = {'training.networks_stylegan3': nv3, 'training.networks_stylegan2': nv2}

    for name, (seed, kwargs, stored_user) in fixture_specs(dnnlib.EasyDict).items():
        if args.only and name not in args.only:
            continue
        G_ema = build_generator(nv3, seed, kwargs, stored_user)
        check_look_alike(G_ema, kwargs)
        ref = references(G_ema)
        path = write_fixture(args.out, name, G_ema, build_discriminator(nv2, G_ema, seed), sg3_pickle)
        check_pickle_roundtrip(path, G_ema, ref, modules)
        meta = {'fixture': name + '.pkl', 'nvidia_commit': 'c233a91', 'seeds': SEEDS, 'mix_rows': MIX_ROWS,
                'mix_cols': MIX_COLS, 'mix_psi': MIX_PSI, 'mix_style_sets': style_mix_sets(G_ema.num_ws),
                'user_translate': USER_TRANSLATE, 'user_rotate_deg': USER_ROTATE_DEG,
                'stored_user_transform': stored_user}
        safetensors_io.write(os.path.join(args.out, name + '_ref.safetensors'), ref, meta)
        print(f'{name}: {os.path.getsize(path)} bytes, img range [{ref["img_psi1"].min():.3f}, '
              f'{ref["img_psi1"].max():.3f}], mix_src batch-4 vs batch-1 max diff '
              f'{np.abs(ref["mix_src_img_batch4"] - ref["mix_src_img"]).max():.3g}')
        if name == 'sg3t_16':
            make_bad_sg3.write_all(args.out, G_ema, sg3_pickle)


if __name__ == '__main__':
    main()
