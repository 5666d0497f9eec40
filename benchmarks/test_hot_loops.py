"""The hot loops of every registered pair, generated from the registry.

Each pair's kind names its loops and builds them (parity.kinds): a gradient pair's training
step and forward pass, an estimator's fit and predict (or the spec's `predicts` method,
transform for PCA), forward + backward of each function, one step of each optimizer setting,
each metric call of the spec's `bench`. Implementations are the kind's columns (numpy,
torch-cpu, torch-cuda, sklearn); sizes come from each spec's bench_sizes. Each (pair, loop,
size) is one pytest-benchmark group, so the report compares implementations within a group.
"""

import time

import numpy as np
import pytest
import torch

from parity.registry import discover

PAIRS = discover()
ROUNDS = 15


def pytest_generate_tests(metafunc):
    if "workload" not in metafunc.fixturenames:
        return
    config = metafunc.config
    max_sizes = 1 if config.getoption("--smoke") else config.getoption("--max-sizes")
    names = config.getoption("--pairs")
    devices = config.getoption("--devices").split(",")
    if names:
        unknown = set(names.split(",")) - {pair.name for pair in PAIRS}
        if unknown:
            raise pytest.UsageError(f"no pair named {', '.join(sorted(unknown))}")
    params = []
    for pair in PAIRS:
        if names and pair.name not in names.split(","):
            continue
        for loop in pair.kind.bench_loops(pair):
            for N, D in pair.spec.bench_sizes[:max_sizes]:
                for implementation in pair.kind.implementations:
                    device = "cuda" if implementation == "torch-cuda" else "cpu"
                    if device not in devices:
                        continue
                    marks = [pytest.mark.cuda] if device == "cuda" else []
                    params.append(pytest.param(
                        (pair, loop, N, D, implementation), marks=marks,
                        id=f"{pair.name}-{loop}-N{N}-D{D}-{implementation}"))
    metafunc.parametrize("workload", params)


def test_hot_loop(benchmark, workload, pytestconfig):
    pair, loop, N, D, implementation = workload
    if implementation == "torch-cuda" and not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    work = pair.kind.bench_run(pair, loop, implementation, N, D, np.random.default_rng(0))

    def run():
        work()
        if implementation == "torch-cuda":
            torch.cuda.synchronize()                 # time the kernels, not their launch

    benchmark.group = f"{pair.name}.{loop} N={N} D={D}"
    benchmark.extra_info.update(pair=pair.name, loop=loop, N=N, D=D,
                                implementation=implementation)
    if pytestconfig.getoption("--smoke"):
        benchmark.pedantic(run, rounds=1, iterations=1)
    else:
        benchmark.pedantic(run, rounds=ROUNDS, iterations=_iterations(run), warmup_rounds=2)


def _iterations(run, target_seconds=0.02):
    """Enough iterations per round that one round takes about target_seconds."""
    run()
    start = time.perf_counter()
    run()
    elapsed = max(time.perf_counter() - start, 1e-7)
    return max(1, min(10_000, int(target_seconds / elapsed)))
