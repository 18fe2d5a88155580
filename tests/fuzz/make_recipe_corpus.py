#!/usr/bin/env python3
"""Writes the recipe seed corpus (tests/fuzz/corpus/recipe/): StyleMix recipes
as `stylemix render` and the explorer read them (recipeFromJson), valid ones of
every kind and one file per check. Standard library only; deterministic.
    python3 tests/fuzz/make_recipe_corpus.py
"""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from corpus_writer import write_seeds  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "recipe"


def src(seed, cls=None):
    return {"seed": seed, "class": cls}


NOISE = {"mode": "const", "seed": 0, "strengths": []}
TRUNC = {"psi": 0.7, "cutoff": None}
SUBJECT = {"source": src(3), "styles": [], "truncation": TRUNC, "mix_with": None}
MODEL = {"family": "stylegan2", "path": "avatars64.safetensors", "sha256": ""}


def recipe(kind, **body):
    r = {"stylemix_recipe": 1, "kind": kind, "model": dict(MODEL)}
    r.update(body)
    return r


def mix(**over):
    m = {"rows": [src(1), src(2)], "cols": [src(5)], "styles": [0, 1, 2], "row_styles": [], "truncation": TRUNC,
         "noise": NOISE, "labels": True}
    m.update(over)
    return recipe("mix-grid", mix=m)


def lab(**over):
    body = {"subject": SUBJECT, "noise": NOISE, "samples": 8, "keep_images": 4, "stddev_gain": 4.0, "zoom": 4,
            "crop": {"x": 8, "y": 8, "width": 16, "height": 16}}
    body.update(over)
    return recipe("noise-lab", lab=body)


def ws_src(values_b64, shape, **over):
    w = {"name": "face.npz[1]", "file": "/data/face.npz", "sha256": "0" * 64, "index": 1, "count": 3,
         "shape": shape, "float32_base64": values_b64}
    w.update(over)
    return {"ws": w}


# Four little-endian float32 values (1, -2, 0.5, 3) for a [2, 2] W array.
WS4 = "AACAPwAAAMAAAAA/AABAQA=="


VIEW = {"display": "channels", "base_channel": 0, "sel_channels": 3, "normalize": True, "gain_db": 0.0, "fft": False,
        "fft_all": False, "fft_range_db": 30.0, "fft_beta": 8.0, "untransform": False}
BANDS = [{"label": "coarse", "styles": [0, 1, 2, 3]}, {"label": "middle", "styles": [4, 5, 6, 7]},
         {"label": "fine", "styles": [8, 9]}]
RANDOM = {"mode": "random", "seed": 5, "strengths": []}


def layer(view=None, **over):
    body = {"subject": SUBJECT, "noise": NOISE, "layer": "b8.conv0", "view": dict(VIEW, **(view or {}))}
    body.update(over)
    return recipe("layer", layer=body)


def influence(**over):
    body = {"a": src(1), "b": src(2), "bands": BANDS, "truncation": TRUNC, "noise": NOISE, "threshold": 8}
    body.update(over)
    return recipe("influence", influence=body)


def by_layer(**over):
    body = {"subject": SUBJECT, "noise": RANDOM, "samples": 8}
    body.update(over)
    return recipe("noise-by-layer", noise_by_layer=body)


def animation(**over):
    body = {"kind": "noise", "subject": SUBJECT, "walk_to": None, "space": "w", "noise": RANDOM, "frames": 30, "fps": 15.0}
    body.update(over)
    return recipe("animation", animation=body)


def text(value):
    return json.dumps(value, indent=1).encode("utf-8")


SEEDS = {
    "valid_image.json": text(recipe("image", image={"subject": SUBJECT, "noise": NOISE})),
    "valid_mix_grid.json": text(mix()),
    "valid_mix_grid_scaled.json": text(mix(scale=4)),
    "valid_noise_lab.json": text(lab()),
    "valid_stddev.json": text(dict(lab(), kind="stddev")),
    "valid_grid_tile.json": text(recipe("image", image={"subject": dict(SUBJECT, mix_with=src(5), styles=[0, 1]),
                                                        "noise": NOISE, "from": "grid"})),
    "valid_transform.json": text(recipe("image", image={"subject": dict(SUBJECT, input_transform={
        "translate": [0.25, -1], "rotate_deg": 30}), "noise": NOISE})),
    "valid_non_utf8_path.json": text(dict(recipe("image", image={"subject": SUBJECT, "noise": NOISE}),
                                          model=dict(MODEL, path="caf\ufffd.pkl", path_bytes="caf%E9.pkl"))),
    # One check each (issue 21: depth, gains, scale, sizes of quoted values, path bytes).
    "bad_deep_array.json": b'{"stylemix_recipe":' + b"[" * 100 + b"]" * 100 + b"}",
    "bad_deep_object.json": b'{"stylemix_recipe":1,"kind":' + b'{"a":' * 100 + b"1" + b"}" * 100 + b"}",
    "bad_duplicate_key.json": b'{"stylemix_recipe":1,"stylemix_recipe":1}',
    "bad_not_json.json": b'{"stylemix_recipe":1,',
    "bad_version.json": text(dict(mix(), stylemix_recipe=2)),
    "bad_kind.json": text(dict(mix(), kind="\x1b[31mgrid")),
    "bad_gain_zero.json": text(lab(stddev_gain=0)),
    "bad_gain_negative.json": text(lab(stddev_gain=-1)),
    "bad_gain_huge.json": text(lab(stddev_gain=1e308)),
    "bad_scale_9.json": text(mix(scale=9)),
    "bad_labels_not_bool.json": text(mix(labels="yes")),
    "bad_psi_string.json": text(mix(truncation={"psi": "9" * 2000, "cutoff": None})),
    "bad_path_bytes.json": text(dict(mix(), model=dict(MODEL, path_bytes="caf%G9.pkl"))),
    "bad_crop_width_zero.json": text(lab(crop={"x": 0, "y": 0, "width": 0, "height": 16})),
    "bad_image_from.json": text(recipe("image", image={"subject": SUBJECT, "noise": NOISE, "from": "gird"})),
    "bad_image_from_number.json": text(recipe("image", image={"subject": SUBJECT, "noise": NOISE, "from": 1})),
    "bad_seed_2e32.json": text(mix(rows=[src(1 << 32)])),
    # Issue 23: positions, W arrays and interpolation strips.
    "valid_sources_position_ws.json": text(mix(rows=[{"position": [12.25, -0.5], "class": None}, ws_src(WS4, [2, 2])])),
    "valid_interpolation.json": text(recipe("interpolation", interpolation={
        "from": src(3), "to": ws_src(WS4, [2, 2]), "steps": 5, "space": "w", "truncation": TRUNC, "noise": NOISE})),
    "bad_ws_short_values.json": text(mix(rows=[ws_src("AACAPw==", [2, 2])])),
    "bad_ws_not_base64.json": text(mix(rows=[ws_src("!!!!" * 4, [2, 2])])),
    "bad_ws_huge_shape.json": text(mix(rows=[ws_src(WS4, [4096, 65536])])),
    "bad_ws_nan.json": text(mix(rows=[ws_src("AADAfwAAwH8AAMB/AADAfw==", [2, 2])])),
    "bad_ws_index.json": text(mix(rows=[ws_src(WS4, [2, 2], index=3)])),
    "bad_source_two_kinds.json": text(mix(rows=[{"seed": 1, "position": [1, 0], "class": None}])),
    "bad_position_huge.json": text(mix(rows=[{"position": [1e300, 0], "class": None}])),
    "bad_interpolation_steps.json": text(recipe("interpolation", interpolation={
        "from": src(3), "to": src(4), "steps": 100000, "space": "w", "truncation": TRUNC, "noise": NOISE})),
    "bad_interpolation_space.json": text(recipe("interpolation", interpolation={
        "from": src(3), "to": src(4), "steps": 5, "space": "x", "truncation": TRUNC, "noise": NOISE})),
    # Issue 24: the layer view, influence maps, noise by layer and animations.
    "valid_layer.json": text(layer()),
    "valid_layer_mean_abs_fft.json": text(layer(view={"display": "mean-abs", "sel_channels": 1, "fft": True, "fft_all": True,
                                                      "gain_db": -12.5, "base_channel": 511}, layer="output")),
    "valid_layer_mix.json": text(layer(subject=dict(SUBJECT, mix_with=src(5), styles=[4, 5]), layer="b4:1")),
    "valid_influence.json": text(influence()),
    "valid_influence_one_band.json": text(influence(bands=[{"label": "", "styles": []}], threshold=0)),
    "valid_noise_by_layer.json": text(by_layer()),
    "valid_animation_noise.json": text(animation()),
    "valid_animation_sweep.json": text(animation(kind="sweep", subject=dict(SUBJECT, mix_with=src(7), styles=[0, 1, 2]))),
    "valid_animation_walk_z.json": text(animation(kind="walk", walk_to=src(9), space="z", frames=1000, fps=0.5)),
    "valid_animation_walk_ws.json": text(animation(kind="walk", walk_to=ws_src(WS4, [2, 2]), fps=60)),
    "bad_layer_empty_name.json": text(layer(layer="")),
    "bad_layer_sel_channels_2.json": text(layer(view={"sel_channels": 2})),
    "bad_layer_display.json": text(layer(view={"display": "\x1b[31mrgb"})),
    "bad_layer_gain_huge.json": text(layer(view={"gain_db": 1e300})),
    "bad_layer_fft_range_zero.json": text(layer(view={"fft_range_db": 0})),
    "bad_layer_base_channel_2e64.json": text(layer(view={"base_channel": (1 << 64) - 1})),
    "bad_layer_view_missing.json": text(recipe("layer", layer={"subject": SUBJECT, "noise": NOISE, "layer": "b8.conv0"})),
    "bad_influence_no_bands.json": text(influence(bands=[])),
    "bad_influence_17_bands.json": text(influence(bands=[{"label": "x", "styles": [0]}] * 17)),
    "bad_influence_label_201.json": text(influence(bands=[{"label": "x" * 201, "styles": [0]}])),
    "bad_influence_styles_not_list.json": text(influence(bands=[{"label": "x", "styles": 3}])),
    "bad_influence_threshold_255.json": text(influence(threshold=255)),
    "bad_influence_threshold_float.json": text(influence(threshold=8.5)),
    "bad_noise_by_layer_samples_1.json": text(by_layer(samples=1)),
    "bad_noise_by_layer_samples_2e64.json": text(by_layer(samples=(1 << 64) - 1)),
    "bad_animation_frames_1e12.json": text(animation(frames=10 ** 12)),
    "bad_animation_fps_zero.json": text(animation(fps=0)),
    "bad_animation_fps_61.json": text(animation(fps=61)),
    "bad_animation_kind.json": text(animation(kind="spin")),
    "bad_animation_space.json": text(animation(space="x")),
    "bad_animation_walk_null.json": text(animation(kind="walk")),
    "bad_animation_nan_literal.json": text(animation()).replace(b'"fps": 15.0', b'"fps": NaN'),
    "hostile_layer_unknown.json": text(layer(layer="b9.conv9")),
    "hostile_layer_untransform_stylegan2.json": text(layer(view={"untransform": True})),
    "hostile_influence_styles_10.json": text(influence(bands=[{"label": "x", "styles": [10]}])),
    "hostile_noise_by_layer_strengths_short.json": text(by_layer(noise=dict(RANDOM, strengths=[1.0, 2.0]))),
    "hostile_animation_sweep_without_b.json": text(animation(kind="sweep")),
    "hostile_animation_walk_z_position.json": text(animation(kind="walk", space="z", walk_to={"position": [0.5, 0.5], "class": None})),
    # Valid recipes that a model refuses before rendering (checkRecipeForModel).
    "hostile_crop_outside.json": text(lab(samples=100000, crop={"x": 100000, "y": 0, "width": 16, "height": 16})),
    "hostile_class_on_unconditional.json": text(recipe("image", image={"subject": dict(SUBJECT, source=src(3, 7)),
                                                                        "noise": NOISE})),
    "hostile_scale_8_tall_grid.json": text(mix(rows=[src(0)], cols=[src(i) for i in range(127)], scale=8)),
}


def main():
    write_seeds(OUT, SEEDS, 8192)


if __name__ == "__main__":
    main()
