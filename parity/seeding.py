"""Seeding: one integer seed makes every random number that both sides of a pair see.

The seed builds one `numpy.random.Generator`; it draws the data, the shared initial parameters
and the batch order, in that order, and both sides receive the same arrays. torch is seeded too,
but only so that nothing the framework draws on its own differs between runs: parity never relies
on two libraries' generators agreeing.
"""

import os
import random
import shlex

import numpy as np
import torch

DEFAULT_SEED = 0

# cuBLAS reads this when CUDA starts (after this import, in the harness): with it, its products
# reduce in a fixed order, which deterministic mode needs
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")


def make_rng(seed):
    """The one generator of a parity run."""
    return np.random.default_rng(seed)


def seed_everything(seed, device="cpu"):
    """Seed Python's and torch's generators (torch.manual_seed covers CPU and CUDA), and keep
    TF32 off: on CUDA it would round float32 matmuls to 10 mantissa bits. On CUDA, also only
    deterministic kernels (cuDNN's convolution gradients, attention's backward and cuBLAS's
    reductions may otherwise differ run to run, so that a failure's re-run command would not
    reproduce it); an operation without a deterministic kernel warns rather than stops."""
    random.seed(seed)
    torch.manual_seed(seed)
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    cuda = device == "cuda"
    torch.use_deterministic_algorithms(cuda, warn_only=True)
    torch.backends.cudnn.deterministic = cuda
    torch.backends.cudnn.benchmark = False


def rerun_command(pair, check, dtype, device, seed, variant="", form=""):
    """The exact command that re-runs one parity case."""
    args = ["python", "-m", "parity", "check", pair, "--check", check, "--dtype", dtype,
            "--device", device, "--seed", str(seed)]
    return shlex.join(args + (["--variant", variant] if variant else [])
                      + (["--form", form] if form else []))
