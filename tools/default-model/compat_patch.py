"""Makes a copy of NVIDIA's StyleGAN3 repository run on current PyTorch (>= 2.10) and Python 3.12, in place.

    compat_patch.py STYLEGAN3_COPY

Applied at run time to a staged copy (the NVIDIA code is never committed here). Each edit is checked against
its exact original text and is skipped when already applied, so running it twice is harmless:
  1. torch_utils/misc.py, InfiniteSampler: torch.utils.data.Sampler.__init__ lost its data_source argument
     (deprecated in 2.2, gone by 2.10): pass the dataset where it is still accepted, nothing where it is not.
  2. torch_utils/custom_ops.py, get_plugin: keep the module that cpp_extension.load() returns instead of
     importing it again by name (which fails on current PyTorch, the build folder not being on sys.path).
  3. Stand-ins, written into the copy's root (on sys.path when train.py runs) only for modules this Python
     lacks: pkg_resources.parse_version (setuptools >= 81 dropped pkg_resources), distutils.util.strtobool
     (Python 3.12 dropped distutils), requests (used only to download URLs, which an offline run never does).
"""
import importlib
import sys
from pathlib import Path

EDITS = [
    ("torch_utils/misc.py",
     "        super().__init__(dataset)\n",
     "        try: super().__init__(dataset) # compat: torch < 2.2 takes the dataset,\n"
     "        except TypeError: super().__init__() # torch >= 2.10 takes nothing.\n"),
    ("torch_utils/custom_ops.py",
     "            torch.utils.cpp_extension.load(name=module_name, build_directory=cached_build_dir,\n",
     "            module = torch.utils.cpp_extension.load(name=module_name, build_directory=cached_build_dir,\n"),
    ("torch_utils/custom_ops.py",
     "            torch.utils.cpp_extension.load(name=module_name, verbose=verbose_build, sources=sources, **build_kwargs)\n",
     "            module = torch.utils.cpp_extension.load(name=module_name, verbose=verbose_build, sources=sources, **build_kwargs)\n"),
    ("torch_utils/custom_ops.py",
     "        module = importlib.import_module(module_name)\n",
     "        pass # compat: use the module that cpp_extension.load() returned\n"),
]

STAND_INS = {
    "pkg_resources": {"pkg_resources.py": '''"""Stand-in for setuptools' pkg_resources: parse_version only (compat_patch.py)."""
try:
    from packaging.version import parse as parse_version
except ImportError:
    import re

    def parse_version(text):
        return tuple(int(n) for n in re.findall(r"\\d+", str(text).split("+")[0])[:3])
'''},
    "distutils.util": {"distutils/__init__.py": '"""Stand-in for the removed distutils (compat_patch.py)."""\n',
                       "distutils/util.py": '''"""Stand-in for distutils.util: strtobool only (compat_patch.py)."""


def strtobool(val):
    val = val.lower()
    if val in ("y", "yes", "t", "true", "on", "1"):
        return 1
    if val in ("n", "no", "f", "false", "off", "0"):
        return 0
    raise ValueError(f"invalid truth value {val!r}")
'''},
    "requests": {"requests.py": '''"""Stand-in for requests: enough for dnnlib.util to import; no downloads (compat_patch.py)."""
import types
import urllib.parse

compat = types.SimpleNamespace(urlparse=urllib.parse.urlparse, urljoin=urllib.parse.urljoin)


class Session:
    def __init__(self, *args, **kwargs):
        raise RuntimeError("offline: requests is not installed, so URLs cannot be downloaded")
'''},
}


def apply_edits(root):
    """Applies EDITS under `root`; returns a list of what was done ("applied" / "already applied")."""
    report = []
    for rel, old, new in EDITS:
        path = root / rel
        text = path.read_text()
        if old in text:
            path.write_text(text.replace(old, new, 1))
            report.append(f"applied: {rel}: {new.strip().splitlines()[0]}")
        elif new in text:
            report.append(f"already applied: {rel}: {new.strip().splitlines()[0]}")
        else:
            raise SystemExit(f"compat_patch: {rel} has neither the original nor the patched text; other version?")
    return report


def missing(module):
    try:
        importlib.import_module(module)
        return False
    except ImportError:
        return True


def write_stand_ins(root):
    report = []
    for module, files in STAND_INS.items():
        if not missing(module):
            continue
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        report.append(f"stand-in: {module} ({', '.join(files)})")
    return report


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    root = Path(sys.argv[1]).resolve()
    for line in apply_edits(root) + write_stand_ins(root):
        print(f"[compat_patch] {line}")


if __name__ == "__main__":
    main()
