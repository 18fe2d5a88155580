"""stylemix.Model against NVIDIA's own outputs for the bundled model
(tests/data/reference/avatars64, see its README): mapping, generate, synthesis
of given ws and the style-mixing grid."""
import os

import numpy as np

from test_module_helpers import REFERENCE_DIR, cases, level_diff, model, read_png, to_uint8  # noqa: F401

SEEDS = list(range(8))


def report(what, value):
    print(f"[ info ] {what}: {value}")


def test_mapping_psi1(model, cases):
    ws = model.mapping(SEEDS)
    assert ws.dtype == np.float32 and ws.shape == (8, 10, 512)
    d = float(np.abs(ws - cases["ws_psi1"]).max())
    report("mapping psi 1 max |diff|", d)
    assert d <= 1e-5


def test_mapping_psi07(model, cases):
    d = float(np.abs(model.mapping(SEEDS, psi=0.7) - cases["ws_psi07"]).max())
    report("mapping psi 0.7 max |diff|", d)
    assert d <= 1e-5


def test_mapping_psi05_cutoff4(model, cases):
    ws = model.mapping(SEEDS, psi=0.5, cutoff=4)
    d = float(np.abs(ws - cases["ws_psi05_cutoff4"]).max())
    report("mapping psi 0.5 cutoff 4 max |diff|", d)
    assert d <= 1e-5
    # ws 4 and up are untouched by the truncation.
    assert np.array_equal(ws[:, 4:], model.mapping(SEEDS)[:, 4:])


def test_mapping_seed_spec_and_single_seed(model):
    ws = model.mapping("0-3,7")
    assert np.array_equal(ws, model.mapping([0, 1, 2, 3, 7]))
    assert np.array_equal(model.mapping(7), ws[4:5])
    assert np.array_equal(model.mapping(np.arange(4)), ws[:4])


def test_generate_matches_gen_images_pngs(model, cases):
    imgs = model.generate(SEEDS)
    assert imgs.dtype == np.uint8 and imgs.shape == (8, 64, 64, 3)
    pngs = np.stack([read_png(os.path.join(REFERENCE_DIR, "generate_psi1_const", f"seed{s:04d}.png")) for s in SEEDS])
    worst, count = level_diff(imgs, pngs)
    report("generate vs generate_psi1_const PNGs (max levels, values off)", (worst, count))
    assert worst <= 1
    worst, count = level_diff(imgs, to_uint8(cases["img_psi1_const"]))
    report("generate vs img_psi1_const quantised (max levels, values off)", (worst, count))
    assert worst <= 1


def test_synthesis_of_given_ws_noise_none(model, cases):
    imgs = model.synthesis(cases["ws_psi07"], noise_mode="none")
    assert imgs.dtype == np.uint8 and imgs.shape == (8, 64, 64, 3)
    worst, count = level_diff(imgs, to_uint8(cases["img_psi07_none"]))
    report("synthesis(ws_psi07, none) vs img_psi07_none quantised (max levels, values off)", (worst, count))
    assert worst <= 1


def test_synthesis_of_given_ws_noise_const(model, cases):
    imgs = model.synthesis(cases["ws_psi1"].astype(np.float64), noise_mode="const")   # float64 is cast to float32
    worst, count = level_diff(imgs, to_uint8(cases["img_psi1_const"]))
    report("synthesis(ws_psi1, const) vs img_psi1_const quantised (max levels, values off)", (worst, count))
    assert worst <= 1
    # One [num_ws, w_dim] array is a batch of one.
    assert np.array_equal(model.synthesis(cases["ws_psi1"][3]), imgs[3:4])


def test_mix_grid_matches_style_mixing_py(model, cases):
    grid = model.mix(rows=[0, 1, 2], cols=[3, 4, 5, 6], styles=range(0, 4), psi=1.0, noise_mode="const")
    assert grid.dtype == np.uint8 and grid.shape == (4 * 64, 5 * 64, 3)
    ref = read_png(os.path.join(REFERENCE_DIR, "mix_rows0-2_cols3-6_styles0-3", "grid.png"))
    worst, count = level_diff(grid, ref)
    report("mix vs style_mixing.py grid.png (max levels, values off)", (worst, count))
    assert worst <= 1
    assert not grid[:64, :64].any(), "the top-left tile is black"
    cells = np.stack([grid[(r + 1) * 64:(r + 2) * 64, (c + 1) * 64:(c + 2) * 64] for r in range(3) for c in range(4)])
    worst, count = level_diff(cells, to_uint8(cases["mix_img"].reshape(12, 3, 64, 64)))
    report("mix cells vs mix_img quantised (max levels, values off)", (worst, count))
    assert worst <= 1
