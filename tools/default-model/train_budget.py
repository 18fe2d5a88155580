"""Runs NVIDIA's train.py (StyleGAN3 repository, unmodified apart from compat_patch.py) until a wall-clock deadline.

    train_budget.py --stylegan3 DIR --deadline UNIX_SECONDS -- [train.py options...]

The official training loop takes an `abort_fn` that it asks once per tick; when it answers True the loop ends
that tick as if training were done: it saves the final network snapshot (and image grid) and returns. train.py
offers no option for it, so this wrapper imports train.py, wraps training_loop.training_loop to pass
abort_fn = "the deadline has passed", and calls train.py's own command-line entry with the given options.
With one GPU train.py runs the loop in this process, so the wrapper is the function it calls.
Pass a --kimg larger than the deadline allows; the run then stops at the first tick end after the deadline.
--no-plugins makes NVIDIA's bias_act and upfirdn2d report their CUDA plugins unavailable (their _init() returns
False), so the ops take their own reference paths: for when the plugins do not compile on the machine.
"""
import argparse
import os
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stylegan3", required=True, help="folder holding NVIDIA's train.py")
    ap.add_argument("--deadline", type=float, required=True, help="stop at the first tick end after this time")
    ap.add_argument("--no-plugins", action="store_true", help="use the reference ops instead of the CUDA plugins")
    ap.add_argument("train_args", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    train_args = args.train_args[1:] if args.train_args[:1] == ["--"] else args.train_args

    sys.path.insert(0, os.path.abspath(args.stylegan3))
    import train  # NVIDIA's train.py
    from training import training_loop
    if args.no_plugins:
        from torch_utils.ops import bias_act, upfirdn2d
        bias_act._init = upfirdn2d._init = lambda: False
        print("[train_budget] CUDA plugins off: reference implementations of bias_act and upfirdn2d", flush=True)

    official_loop = training_loop.training_loop

    def loop_with_deadline(**kwargs):
        def past_deadline():
            return time.time() >= args.deadline
        kwargs["abort_fn"] = past_deadline
        print(f"[train_budget] stopping at the first tick end after {time.ctime(args.deadline)} "
              f"({args.deadline - time.time():.0f} s from now)", flush=True)
        return official_loop(**kwargs)

    training_loop.training_loop = loop_with_deadline
    train.main(train_args, standalone_mode=False)  # click command: parse our list instead of sys.argv


if __name__ == "__main__":
    main()
