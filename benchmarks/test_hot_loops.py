"""The hot loops of every registered gradient pair, generated from the registry.

For each pair: one training step (forward, hand or autograd backward, update) and the forward
pass, on NumPy, torch-cpu and torch-cuda, at the pair's bench_sizes. Each (pair, loop, size) is
one pytest-benchmark group, so the report compares implementations within a group.
"""

import numpy as np
import pytest
import torch

from parity.checks import build_framework, build_scratch, to_device
from parity.registry import discover

PAIRS = [pair for pair in discover() if pair.kind == "gradient"]
IMPLEMENTATIONS = ("numpy", "torch-cpu", "torch-cuda")
LOOPS = ("step", "forward")


def pytest_generate_tests(metafunc):
    if "workload" not in metafunc.fixturenames:
        return
    smoke = metafunc.config.getoption("--smoke")
    params = []
    for pair in PAIRS:
        sizes = pair.spec.bench_sizes[:1] if smoke else pair.spec.bench_sizes
        for loop in LOOPS:
            for N, D in sizes:
                for implementation in IMPLEMENTATIONS:
                    marks = [pytest.mark.cuda] if implementation == "torch-cuda" else []
                    params.append(pytest.param((pair, loop, N, D, implementation), marks=marks,
                                               id=f"{pair.name}-{loop}-N{N}-D{D}-{implementation}"))
    metafunc.parametrize("workload", params)


def synchronize(device):
    if device == "cuda":
        torch.cuda.synchronize()


def make_model(pair, implementation, X, y, rng):
    """A model with shared random parameters, and its inputs already where it computes."""
    D = X.shape[1]
    if implementation == "numpy":
        model, device = build_scratch(pair, D, "float32"), "cpu"
        inputs = (X, y)
    else:
        device = implementation.removeprefix("torch-")
        model = build_framework(pair, D, "float32", device)
        inputs = (to_device(X, device), to_device(y, device))
    params = {name: (0.1 * rng.standard_normal(np.shape(value))).astype(np.float32)
              for name, value in build_scratch(pair, D, "float32").get_params().items()}
    model.set_params(params)
    return model, inputs, device


def test_hot_loop(benchmark, workload, pytestconfig):
    pair, loop, N, D, implementation = workload
    if implementation == "torch-cuda" and not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, D)).astype(np.float32)
    y = pair.spec.targets(rng, N)
    y = y.astype(np.float32) if np.issubdtype(y.dtype, np.floating) else y
    model, (X_in, y_in), device = make_model(pair, implementation, X, y, rng)

    if loop == "step":
        def run():
            model.step(X_in, y_in)
            synchronize(device)
    else:
        def run():
            if implementation == "numpy":
                model.forward(X_in)
            else:
                with torch.no_grad():
                    model.forward(X_in)
            synchronize(device)

    benchmark.group = f"{pair.name}.{loop} N={N} D={D}"
    benchmark.extra_info.update(pair=pair.name, loop=loop, N=N, D=D,
                                implementation=implementation, dtype="float32")
    if pytestconfig.getoption("--smoke"):
        benchmark.pedantic(run, rounds=1, iterations=1)
    else:
        benchmark.pedantic(run, rounds=15, iterations=_iterations(run), warmup_rounds=2)


def _iterations(run, target_seconds=0.02):
    """Enough iterations per round that one round takes about target_seconds."""
    import time

    start = time.perf_counter()
    run()
    elapsed = max(time.perf_counter() - start, 1e-7)
    return max(1, min(10_000, int(target_seconds / elapsed)))
