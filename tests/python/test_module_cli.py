"""stylemix.Model equals the CLI (build/app/stylemix) pixel for pixel, and its
ws-input paths equal its seed paths: a ws row or column from the module's own
mapping renders exactly what the seed renders."""
import os
import subprocess

import numpy as np

from test_module_helpers import CLI_PATH, MODEL_PATH, level_diff, model, read_png, require_file  # noqa: F401


def run_cli(*args):
    p = subprocess.run([require_file(CLI_PATH, "the stylemix CLI"), *args, "--model", MODEL_PATH, "--device", "cpu"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, f"stylemix {' '.join(args)} failed ({p.returncode}): {p.stderr}"


def test_mix_equals_cli_grid_png(model, tmp_path):
    run_cli("mix", "--rows", "0-2", "--cols", "3-6", "--styles", "0-3", "--outdir", str(tmp_path / "mix"))
    cli = read_png(str(tmp_path / "mix" / "grid.png"))
    grid = model.mix(rows=[0, 1, 2], cols=[3, 4, 5, 6], styles=range(0, 4), psi=1.0, noise_mode="const")
    assert grid.shape == cli.shape
    assert np.array_equal(grid, cli), f"module vs CLI grid.png: {level_diff(grid, cli)}"
    # Spec strings are the CLI's.
    assert np.array_equal(model.mix(rows="0-2", cols="3-6", styles="0-3"), cli)


def test_mix_options_equal_cli(model, tmp_path):
    run_cli("mix", "--rows", "5,1", "--cols", "2,7,5", "--row-styles", "0-3;8-9", "--trunc", "0.7",
            "--noise-mode", "random", "--noise-seed", "11", "--labels", "--outdir", str(tmp_path / "mix"))
    cli = read_png(str(tmp_path / "mix" / "grid.png"))
    grid = model.mix(rows=[5, 1], cols=[2, 7, 5], row_styles=[range(0, 4), [8, 9]], psi=0.7, noise_mode="random",
                     noise_seed=11, labels=True)
    assert np.array_equal(grid, cli), f"module vs CLI grid.png: {level_diff(grid, cli)}"


def test_generate_equals_cli_pngs(model, tmp_path):
    run_cli("generate", "--seeds", "0-3,42", "--trunc", "0.5", "--trunc-cutoff", "4", "--outdir", str(tmp_path / "gen"))
    imgs = model.generate([0, 1, 2, 3, 42], psi=0.5, cutoff=4)
    for i, s in enumerate([0, 1, 2, 3, 42]):
        cli = read_png(str(tmp_path / "gen" / f"seed{s:04d}.png"))
        assert np.array_equal(imgs[i], cli), f"seed {s}: {level_diff(imgs[i], cli)}"


def test_synthesis_of_mapping_equals_generate(model):
    for kwargs, noise in [({}, {}), ({"psi": 0.7}, {"noise_mode": "none"}), ({"psi": 0.5, "cutoff": 4}, {}),
                          ({}, {"noise_mode": "random", "noise_seed": 5}), ({}, {"noise_strength": 0.5})]:
        ws = model.mapping([3, 9, 1], **kwargs)
        assert np.array_equal(model.synthesis(ws, **noise), model.generate([3, 9, 1], **kwargs, **noise)), (kwargs, noise)


def test_mix_with_ws_row_equals_mix_with_its_seed(model):
    ws = model.mapping([1, 4])   # psi 1: style_mixing.py's ws of these seeds
    by_seed = model.mix(rows=[1, 2], cols=[3, 4], styles=range(0, 4))
    assert np.array_equal(model.mix(rows=[ws[0], 2], cols=[3, 4], styles=range(0, 4)), by_seed)
    assert np.array_equal(model.mix(rows=[ws[0], 2], cols=[3, ws[1]], styles=range(0, 4)), by_seed)
    # A [N, num_ws, w_dim] array is N sources; a nested list is array-like too.
    assert np.array_equal(model.mix(rows=model.mapping([1, 2]), cols=[3, 4], styles=range(0, 4)), by_seed)
    assert np.array_equal(model.mix(rows=[ws[0].tolist(), 2], cols=[3, 4], styles=range(0, 4)), by_seed)


def test_mix_with_ws_other_styles_and_noise(model):
    ws = model.mapping([0, 6])
    for kwargs in [{"styles": [1, 5, 9]}, {"styles": range(0, 10)}, {"styles": []},
                   {"row_styles": [range(8, 10), range(4, 8)]},
                   {"styles": range(4, 8), "noise_mode": "random", "noise_seed": 3},
                   {"styles": range(0, 4), "noise_mode": "none"}]:
        by_seed = model.mix(rows=[0, 6], cols=[6, 2], **kwargs)
        assert np.array_equal(model.mix(rows=[ws[0], ws[1]], cols=[ws[1], 2], **kwargs), by_seed), kwargs


def test_mix_with_ws_and_truncation(model):
    # psi truncates every source as style_mixing.py does (plain float32, every ws), ws arrays
    # included: the untruncated ws of a seed (mapping at psi 1) renders exactly what the seed does.
    ws = model.mapping([1, 3])
    for psi in (0.7, 0.5, -0.3, 1.5):
        by_seed = model.mix(rows=[1, 2], cols=[3, 4], styles=range(0, 4), psi=psi)
        assert np.array_equal(model.mix(rows=[ws[0], 2], cols=[ws[1], 4], styles=range(0, 4), psi=psi), by_seed), psi
    # With a cutoff the seeds go through the mapping's truncation (a lerp), ws arrays through
    # the plain formula on the same ws: equal up to float rounding.
    by_seed = model.mix(rows=[1, 2], cols=[3, 4], styles=range(0, 4), psi=0.5, cutoff=4)
    worst, _ = level_diff(model.mix(rows=[ws[0], 2], cols=[3, 4], styles=range(0, 4), psi=0.5, cutoff=4), by_seed)
    assert worst <= 1
    # psi 1 with a cutoff leaves every source untouched.
    assert np.array_equal(model.mix(rows=[ws[0], 2], cols=[3, 4], styles=range(0, 4), cutoff=4),
                          model.mix(rows=[1, 2], cols=[3, 4], styles=range(0, 4), cutoff=4))


def test_projected_w_from_npz(model, tmp_path):
    # NVIDIA's projector.py writes projected_w.npz with w of shape [1, num_ws, w_dim].
    np.savez(tmp_path / "projected_w.npz", w=model.mapping([8]))
    w = np.load(tmp_path / "projected_w.npz")["w"][0]
    grid = model.mix(rows=[w], cols=[3, 4], styles=range(0, 4))
    assert np.array_equal(grid, model.mix(rows=[8], cols=[3, 4], styles=range(0, 4)))
    assert os.path.getsize(tmp_path / "projected_w.npz") > 0
