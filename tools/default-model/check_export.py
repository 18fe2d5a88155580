"""Checks an exported generator against the bundled model's layout.

    check_export.py NEW.safetensors [REFERENCE.safetensors]   (reference default: assets/avatars64.safetensors)

Passes (exit 0) when both files hold the same tensor names, shapes and dtypes, the same metadata keys, and
init_kwargs equal except where the new file says otherwise on purpose (none expected); prints what differs.
"""
import json
import sys
from pathlib import Path

import safetensors_io

REFERENCE = Path(__file__).resolve().parents[2] / "assets" / "avatars64.safetensors"


def compare(new_path, ref_path):
    new_meta, new = safetensors_io.read_header(new_path)
    ref_meta, ref = safetensors_io.read_header(ref_path)
    problems = []
    for name in sorted(set(new) | set(ref)):
        if name not in new or name not in ref:
            problems.append(f"{name}: only in {'new' if name in new else 'reference'}")
        elif (new[name]["dtype"], new[name]["shape"]) != (ref[name]["dtype"], ref[name]["shape"]):
            problems.append(f"{name}: {new[name]['dtype']}{new[name]['shape']} vs {ref[name]['dtype']}{ref[name]['shape']}")
    if set(new_meta) != set(ref_meta):
        problems.append(f"metadata keys differ: {sorted(set(new_meta) ^ set(ref_meta))}")
    for key in ("format", "class_name", "num_ws", "img_resolution"):
        if new_meta.get(key) != ref_meta.get(key):
            problems.append(f"metadata {key}: {new_meta.get(key)!r} vs {ref_meta.get(key)!r}")
    if json.loads(new_meta.get("init_kwargs", "{}")) != json.loads(ref_meta.get("init_kwargs", "{}")):
        problems.append(f"init_kwargs: {new_meta.get('init_kwargs')} vs {ref_meta.get('init_kwargs')}")
    return problems, len(new)


def main():
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    problems, count = compare(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else REFERENCE)
    for p in problems:
        print(f"[check_export] {p}")
    print(f"[check_export] {'OK' if not problems else 'MISMATCH'}: {count} tensors")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
