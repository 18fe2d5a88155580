"""The project's one safetensors helper for test fixtures (tests/tf/safetensors_io.py),
under the names the StyleGAN3 scripts use: write(path, tensors, metadata), read(path)."""
import importlib.util
import os

_spec = importlib.util.spec_from_file_location(
    'tf_safetensors_io', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tf', 'safetensors_io.py'))
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

write = _module.save
read = _module.load
