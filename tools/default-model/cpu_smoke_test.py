"""Development check on a machine without a GPU: NVIDIA's real training loop for one step, then the export.

    cpu_smoke_test.py --stylegan3 PATCHED_COPY --data SMALL.zip --work DIR [--reference avatars64.safetensors]

NVIDIA's training loop is written for CUDA (torch.device('cuda'), CUDA events, pinned memory). For this test only,
its module-level `torch` is replaced by a proxy that answers 'cpu' for devices and no-ops for CUDA events and
memory statistics, and its sample grids shrink to 4 x 4 images (1024 generator calls take long on a CPU);
nothing else is changed. train_budget.py then runs train.py with a deadline already passed,
so the loop does its setup (networks, sample grids), one training step of every phase (G main + path-length
regularisation, D main + R1), stops at that first tick end and saves its snapshot like a finished run.
The snapshot goes through export_safetensors.py and check_export.py (names, shapes, dtypes, metadata).
"""
import argparse
import glob
import os
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent


class FakeEvent:
    def __init__(self, *args, **kwargs):
        pass

    def record(self, *args):
        pass

    def synchronize(self):
        pass

    def elapsed_time(self, other):
        return 0.0


def cpu_torch_proxy(torch):
    proxy = types.ModuleType("torch_cpu_proxy")
    proxy.__getattr__ = lambda name: getattr(torch, name)
    proxy.device = lambda *args, **kwargs: torch.device("cpu")
    proxy.cuda = types.SimpleNamespace(
        Event=FakeEvent, current_stream=lambda *a: None, max_memory_allocated=lambda *a: 0,
        max_memory_reserved=lambda *a: 0, reset_peak_memory_stats=lambda *a: None)
    return proxy


def install_cpu_shim(training_loop, torch):
    """Test only: the loop's torch answers 'cpu'; its sample grids shrink from 32 x 32 to 4 x 4 images."""
    torch.Tensor.pin_memory = lambda self, *a, **k: self  # no CUDA: pinning has nothing to pin for
    training_loop.torch = cpu_torch_proxy(torch)
    official_grid = training_loop.setup_snapshot_image_grid

    def small_grid(*args, **kwargs):
        _, images, labels = official_grid(*args, **kwargs)
        return (4, 4), images[:16], labels[:16]
    training_loop.setup_snapshot_image_grid = small_grid


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stylegan3", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reference", default=str(HERE.parents[1] / "assets" / "avatars64.safetensors"))
    args = ap.parse_args()
    sys.path[:0] = [str(HERE), str(Path(args.stylegan3).resolve())]
    import torch
    torch.set_num_threads(2)
    from training import training_loop
    install_cpu_shim(training_loop, torch)

    import train_budget
    t0 = time.time()
    train_budget.main(["--stylegan3", args.stylegan3, "--deadline", str(time.time()), "--",
                       f"--outdir={args.work}/runs", "--cfg=stylegan2", f"--data={args.data}", "--gpus=1",
                       "--batch=4", "--gamma=0.1", "--mirror=1", "--aug=noaug", "--metrics=none",
                       "--cbase=8192", "--cmax=256", "--kimg=1000", "--tick=1", "--snap=1000", "--workers=1"])
    pkls = sorted(glob.glob(f"{args.work}/runs/*/network-snapshot-*.pkl"))
    print(f"[smoke] training loop returned after {time.time() - t0:.0f} s; snapshots: {pkls}")
    assert pkls, "the loop saved no snapshot"

    import export_safetensors
    import check_export
    out_g, out_d = f"{args.work}/G_ema.safetensors", f"{args.work}/D.safetensors"
    print("[smoke] export:", export_safetensors.export(pkls[-1], out_g, out_d, kimg=0))
    problems, count = check_export.compare(out_g, args.reference)
    print(f"[smoke] G against {args.reference}: {count} tensors, problems: {problems or 'none'}")
    sizes = {p: os.path.getsize(p) for p in (out_g, out_d)}
    print(f"[smoke] sizes: {sizes}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
