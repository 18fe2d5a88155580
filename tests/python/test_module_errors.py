"""Bad arguments raise ValueError (shapes, w_dim, num_ws, classes, styles,
ranges) or TypeError (wrong kinds of values), file problems OSError, each with
one line naming the problem; nothing is rendered for a refused call."""
import os

import numpy as np
import pytest

from test_module_helpers import MODEL_PATH, import_stylemix, model  # noqa: F401


def raises(kind, call, *needles):
    with pytest.raises(kind) as info:
        call()
    message = str(info.value)
    assert "\n" not in message, f"not one line: {message!r}"
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    return message


def test_nonexistent_file_is_file_not_found_naming_it(tmp_path):
    stylemix = import_stylemix()
    path = str(tmp_path / "no_such_model.safetensors")
    message = raises(FileNotFoundError, lambda: stylemix.Model(path), path)
    assert issubclass(FileNotFoundError, OSError)
    assert "no such file" in message.lower()


def test_unreadable_or_invalid_files_are_os_errors(tmp_path):
    stylemix = import_stylemix()
    bad = tmp_path / "notes.safetensors"
    bad.write_bytes(b"this is not a model\n")
    raises(OSError, lambda: stylemix.Model(bad), str(bad))   # os.PathLike
    raises(OSError, lambda: stylemix.Model(str(tmp_path)), str(tmp_path))   # a directory
    truncated = tmp_path / "truncated.safetensors"
    with open(MODEL_PATH, "rb") as f:
        truncated.write_bytes(f.read(100000))
    raises(OSError, lambda: stylemix.Model(str(truncated)), str(truncated))


def test_bad_device_and_precision():
    stylemix = import_stylemix()
    raises(ValueError, lambda: stylemix.Model(MODEL_PATH, device="tpu"), "device 'tpu'")
    raises(ValueError, lambda: stylemix.Model(MODEL_PATH, precision="fp8"), "precision 'fp8'")
    raises(TypeError, lambda: stylemix.Model(12))


def test_wrong_w_dim(model):
    raises(ValueError, lambda: model.synthesis(np.zeros((2, 10, 256), np.float32)), "w_dim 256", "512")
    raises(ValueError, lambda: model.mix(rows=[np.zeros((10, 256))], cols=[1]), "rows[0]", "w_dim 256")
    raises(ValueError, lambda: model.mix(rows=[1], cols=np.zeros((2, 10, 511))), "cols", "w_dim 511")


def test_wrong_num_ws(model):
    raises(ValueError, lambda: model.synthesis(np.zeros((1, 8, 512), np.float32)), "8 ws given", "num_ws 10")
    raises(ValueError, lambda: model.mix(rows=[1, np.zeros((12, 512))], cols=[1]), "rows[1]", "num_ws 10")


def test_wrong_ws_shapes_and_values(model):
    raises(ValueError, lambda: model.synthesis(np.zeros(512, np.float32)), "[N, 10, 512]")
    raises(ValueError, lambda: model.synthesis(np.zeros((1, 1, 10, 512), np.float32)), "[1, 1, 10, 512]")
    raises(ValueError, lambda: model.mix(rows=[np.zeros(512)], cols=[1]), "rows[0]", "[10, 512]")
    ws = model.mapping([1])
    ws[0, 3, 7] = np.nan
    raises(ValueError, lambda: model.synthesis(ws), "NaN")
    raises(TypeError, lambda: model.synthesis("ws"))
    raises(TypeError, lambda: model.mix(rows=[1.5], cols=[1]), "rows[0]")
    raises(TypeError, lambda: model.mix(rows=["1"], cols=[1]), "rows[0]")


def test_bad_styles(model):
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], styles=range(0, 11)), "style index 10", "0-9")
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], styles=[-1]), "style index -1")
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], styles="0-12"), "styles", "0-12")
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], styles="3-1"), "reversed")
    raises(TypeError, lambda: model.mix(rows=[1], cols=[2], styles=[1.0]), "styles[0]")
    raises(ValueError, lambda: model.mix(rows=[1, 2], cols=[2], row_styles=[range(4)]), "row_styles", "2 rows")
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], row_styles=[[10]]), "row_styles[0]", "style index 10")


def test_class_on_unconditional_model(model):
    raises(ValueError, lambda: model.mapping([1], classes=3), "unconditional", "c_dim 0")
    raises(ValueError, lambda: model.generate([1], classes=[0]), "unconditional")
    raises(ValueError, lambda: model.mix(rows=[1], cols=[2], classes=0), "unconditional")


def test_bad_seeds(model):
    raises(ValueError, lambda: model.mapping([-1]), "seeds[0] -1", "0..4294967295")
    raises(ValueError, lambda: model.generate(2**32), "4294967296")
    raises(ValueError, lambda: model.mapping("1,x"), "seeds", "non-digit")
    raises(ValueError, lambda: model.mapping([]), "no seeds")
    raises(TypeError, lambda: model.mapping([1.0]), "seeds[0]")
    raises(TypeError, lambda: model.mapping(None))
    raises(ValueError, lambda: model.mix(rows=[], cols=[1]), "rows", "no sources")


def test_bad_truncation_and_noise(model):
    raises(ValueError, lambda: model.generate([1], psi=100), "psi 100", "|psi| < 100")
    raises(ValueError, lambda: model.generate([1], psi=float("nan")), "psi")
    raises(ValueError, lambda: model.mapping([1], cutoff=11), "cutoff 11", "0..10")
    raises(ValueError, lambda: model.mapping([1], cutoff=-1), "cutoff -1")
    raises(ValueError, lambda: model.generate([1], noise_mode="loud"), "noise mode 'loud'", "const, random, none")
    raises(ValueError, lambda: model.generate([1], noise_seed=-1), "noise_seed -1")
    layers = len(model.info["noise_layers"])
    raises(ValueError, lambda: model.generate([1], noise_strength=[1.0] * (layers + 1)),
           f"{layers + 1} values given", f"{layers} noise layers")
    raises(ValueError, lambda: model.generate([1], noise_strength=[-1.0] * layers), "noise_strength")
    raises(ValueError, lambda: model.synthesis(model.mapping([1]), noise_strength=float("inf")), "noise_strength")
    raises(TypeError, lambda: model.generate([1], noise_strength="1"), "noise_strength")


def test_labels_need_seeds(model):
    raises(ValueError, lambda: model.mix(rows=[model.mapping([1])[0]], cols=[2], labels=True), "labels")


def test_model_still_works_after_errors(model):
    with pytest.raises(ValueError):
        model.mix(rows=[1], cols=[2], styles=[10])
    assert model.generate([1]).shape == (1, 64, 64, 3)
    assert os.path.isfile(MODEL_PATH)
