"""`python -m parity cuda`: on a machine with a GPU, everything that needs one, in one command.

    python -m parity cuda [--output benchmarks/results/cuda] [--max-sizes K] [--seed N]

1. Which torch this is (its version and the CUDA it was built for) and whether it sees a GPU.
   Without a GPU: says so and exits 0, having written nothing. With a GPU that this torch
   cannot use (a CPU build, or a CUDA build that finds no device: the driver,
   CUDA_VISIBLE_DEVICES): says why and exits 2.
2. Every parity case on cuda (deterministic mode, as `parity check --device cuda`), the table
   into OUTPUT/parity.md and every result into OUTPUT/parity.json.
3. The flake check: every float32 gradient case on cuda at seeds 1-3, each run twice; the two
   runs' errors must be equal to the bit (OUTPUT/flake.md lists any that are not).
4. The benchmarks of every pair with a torch-cuda column (numpy, torch-cpu and torch-cuda
   timed in one run), into OUTPUT/benchmarks.json, .md and charts/.
"""

import shutil
import subprocess
import sys
import time
from argparse import Namespace
from pathlib import Path

from parity import registry

# Where a CUDA build comes from: PyPI's Linux x86_64 wheels of torch are CUDA builds (the
# CPU builds carry "+cpu" and live on PyTorch's CPU index); other drivers, other builds.
CUDA_BUILDS = "https://pytorch.org/get-started/locally/"


def gpu_present():
    """An NVIDIA GPU on this machine, whatever torch can see: nvidia-smi lists one."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return False
    try:
        listed = subprocess.run([smi, "-L"], capture_output=True, text=True, check=False,
                                timeout=30)
    except subprocess.TimeoutExpired:                   # a wedged driver: a GPU, unusable
        return True
    return listed.returncode == 0 and "GPU" in listed.stdout


def build_line(torch):
    """torch's version and the CUDA it was built for ("none": a CPU build)."""
    return f"torch {torch.__version__}, built for CUDA {torch.version.cuda or 'none (CPU build)'}"


def command_cuda(args):
    import torch

    from benchmarks.run import run as run_benchmarks
    from parity.cli import command_check

    print(build_line(torch))
    if not torch.cuda.is_available():
        gpu = gpu_present()                             # nvidia-smi runs once
        if gpu and torch.version.cuda is None:
            version = torch.__version__.split("+")[0]
            print(f"error: this machine has a GPU, but this torch is a CPU build. Install a CUDA "
                  f"build of the same version: on Linux x86_64 PyPI's wheel is one, `pip "
                  f"install --force-reinstall torch=={version}` from PyPI (not a +cpu wheel, "
                  f"not the CPU index); for other drivers see {CUDA_BUILDS}", file=sys.stderr)
            return 2
        if gpu:
            print(f"error: nvidia-smi lists a GPU, but this CUDA build of torch sees none: "
                  f"check the driver (it must support CUDA {torch.version.cuda}) and "
                  f"CUDA_VISIBLE_DEVICES; nothing was checked", file=sys.stderr)
            return 2
        print("no CUDA device: nothing to check here (the CUDA cases run where "
              "torch.cuda.is_available() is true)")
        return 0
    print(f"GPU: {torch.cuda.get_device_name(0)}")
    output = Path(args.output).resolve()            # the benchmarks run from the project root
    output.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pairs = registry.discover(args.root)
    checked = command_check(Namespace(
        root=args.root, names=[], check=None, dtype=None, device=["cuda"], seed=args.seed,
        variant=None, form=None, json=str(output / "parity.json"),
        markdown=str(output / "parity.md"), verbose=False))
    print(f"parity on cuda: {time.perf_counter() - start:.0f} s", flush=True)
    flaky = flake_check(pairs, output / "flake.md")
    print(f"flake check: {flaky or 'every case bit-identical twice'} "
          f"({time.perf_counter() - start:.0f} s)", flush=True)
    timed = [pair.name for pair in pairs if "torch-cuda" in pair.kind.implementations]
    benched = run_benchmarks(Namespace(
        names=timed, device=["cpu", "cuda"], max_sizes=args.max_sizes, threads=None,
        smoke=False, baseline=None, threshold=1.5, output=str(output)))
    print(f"parity and benchmarks on cuda: {time.perf_counter() - start:.0f} s")
    return checked or benched or (1 if flaky else 0)


def flake_check(pairs, path, seeds=(1, 2, 3)):
    """Each float32 gradient case on cuda at each seed, run twice: the cases whose errors
    differ between the runs (deterministic mode should leave none), written to `path`."""
    from parity.runner import cases, run_case

    differing, total = [], 0
    for seed in seeds:
        for case in cases(pairs, checks=["gradients"], dtypes=["float32"], devices=["cuda"],
                          seed=seed):
            runs = [run_case(case), run_case(case)]
            total += 1
            said = [f"{r.status} {r.max_abs!r} {r.max_rel!r}" for r in runs]  # NaN as text
            if any(r.status == "error" for r in runs):
                differing.append(f"- {case.id} seed {seed}: an error, so unchecked "
                                 f"({runs[0].message.splitlines()[0] if runs[0].message else ''})")
            elif said[0] != said[1]:
                differing.append(f"- {case.id} seed {seed}: {said[0]} then {said[1]}")
    path.write_text(f"# Flake check: {total} float32 gradient cases on cuda, seeds "
                    f"{', '.join(map(str, seeds))}, each twice\n\n"
                    + ("\n".join(differing) if differing else "Every one bit-identical.") + "\n")
    return (f"{len(differing)} of {total} cases differ between runs or failed to run"
            if differing else "")


def add_arguments(cuda):
    """The options of `python -m parity cuda`."""
    from parity.cli import seed
    from parity.seeding import DEFAULT_SEED

    cuda.add_argument("--output", default="benchmarks/results/cuda",
                      help="folder for the parity table and the benchmarks (default: "
                           "%(default)s)")
    cuda.add_argument("--max-sizes", type=int, default=None,
                      help="only each pair's first K benchmark sizes (default: all)")
    cuda.add_argument("--seed", type=seed, default=DEFAULT_SEED,
                      help="the parity seed (default: %(default)s)")
    cuda.set_defaults(run=command_cuda)
