"""Seeding: one integer seed makes every random number that both sides of a pair see.

The seed builds one `numpy.random.Generator`; it draws the data, the shared initial parameters
and the batch order, in that order, and both sides receive the same arrays. torch is seeded too,
but only so that nothing the framework draws on its own differs between runs: parity never relies
on two libraries' generators agreeing.
"""

import random
import shlex

import numpy as np
import torch

DEFAULT_SEED = 0


def make_rng(seed):
    """The one generator of a parity run."""
    return np.random.default_rng(seed)


def seed_everything(seed):
    """Seed Python's and torch's generators (torch.manual_seed covers CPU and CUDA), and keep
    TF32 off: on CUDA it would round float32 matmuls to 10 mantissa bits."""
    random.seed(seed)
    torch.manual_seed(seed)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False


def rerun_command(pair, check, dtype, device, seed, variant="", form=""):
    """The exact command that re-runs one parity case."""
    args = ["python", "-m", "parity", "check", pair, "--check", check, "--dtype", dtype,
            "--device", device, "--seed", str(seed)]
    return shlex.join(args + (["--variant", variant] if variant else [])
                      + (["--form", form] if form else []))
