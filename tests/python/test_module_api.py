"""The module's surface: the bundled model by default, Model.info, the shapes
and types of results, and help(stylemix.Model) documenting every argument."""
import inspect
import os
import pydoc
import re

import numpy as np

from test_module_helpers import MODEL_PATH, import_stylemix, model  # noqa: F401


def test_default_model_is_the_bundled_one():
    stylemix = import_stylemix()
    assert os.path.isfile(stylemix.default_model_path), stylemix.default_model_path
    m = stylemix.Model(device="cpu")
    assert os.path.samefile(m.info["path"], MODEL_PATH)
    assert re.fullmatch(r"\d+\.\d+\.\d+", stylemix.__version__)


def test_info(model):
    info = model.info
    assert info["family"] == "stylegan2" and info["family_label"] == "StyleGAN2"
    assert (info["resolution"], info["img_channels"], info["num_ws"], info["w_dim"], info["z_dim"], info["c_dim"]) == \
        (64, 3, 10, 512, 512, 0)
    assert len(info["noise_layers"]) == 9
    first = info["noise_layers"][0]
    assert set(first) == {"name", "resolution", "strength"} and first["resolution"] == 4
    assert [n["resolution"] for n in info["noise_layers"]] == [4, 8, 8, 16, 16, 32, 32, 64, 64]
    assert set(info["noise_modes"]) == {"const", "random", "none"}
    assert info["coarse"] == range(0, 4) and info["middle"] == range(4, 8) and info["fine"] == range(8, 10)
    assert len(info["ws"]) == 10 and {"label", "resolution", "layers"} <= set(info["ws"][0])
    assert re.fullmatch(r"[0-9a-f]{64}", info["sha256"])
    assert info["device"] == "cpu" and info["precision"] == "fp32"
    assert info["has_input_transform"] is False
    assert isinstance(info["details"], dict) and isinstance(info["notes"], list)
    assert "StyleGAN2" in repr(model) and "cpu" in repr(model)


def test_result_types_and_shapes(model):
    ws = model.mapping([1, 2])
    assert ws.dtype == np.float32 and ws.shape == (2, 10, 512) and ws.flags.c_contiguous
    imgs = model.synthesis(ws)
    assert imgs.dtype == np.uint8 and imgs.shape == (2, 64, 64, 3)
    assert model.generate(5).shape == (1, 64, 64, 3)
    grid = model.mix(rows=[1, ws[0]], cols=[3, 4], styles=range(0, 4))
    assert grid.dtype == np.uint8 and grid.shape == (3 * 64, 3 * 64, 3)
    # The brief's example runs as written.
    assert model.mix(rows=[1, ws[0]], cols=[3, 4], styles=range(0, 4), psi=1.0, noise_mode="const").shape == grid.shape
    # Results are the caller's to keep and modify.
    imgs[:] = 0
    assert model.synthesis(ws).any()


def test_default_styles_are_style_mixing_py_0_to_6(model):
    assert np.array_equal(model.mix(rows=[1], cols=[2]), model.mix(rows=[1], cols=[2], styles=range(0, 7)))


def test_help_documents_every_argument():
    stylemix = import_stylemix()
    text = pydoc.render_doc(stylemix.Model, renderer=pydoc.plaintext)
    expected = {
        "__init__": ["path", "device", "precision"],
        "mapping": ["seeds", "psi", "cutoff", "classes"],
        "synthesis": ["ws", "noise_mode", "noise_seed", "noise_strength"],
        "generate": ["seeds", "psi", "cutoff", "classes", "noise_mode", "noise_seed", "noise_strength"],
        "mix": ["rows", "cols", "styles", "psi", "cutoff", "classes", "noise_mode", "noise_seed", "noise_strength",
                "row_styles", "labels"],
    }
    for method, args in expected.items():
        doc = inspect.getdoc(getattr(stylemix.Model, method))
        assert doc, f"{method} has no docstring"
        signature = doc.splitlines()[0]
        for arg in args:
            assert re.search(rf"\b{arg}\b", signature), f"{method}: {arg} not in the signature {signature!r}"
            # Described in the method's text or in the class's common arguments.
            body = doc.split("\n", 1)[1] + inspect.getdoc(stylemix.Model)
            assert re.search(rf"^\s*{arg}(,| ?:)", body, re.M) or re.search(rf"\b{arg}\b.*:", body), \
                f"{method}: {arg} is not described"
        assert method in text
    assert "info" in text and "noise_layers" in text
