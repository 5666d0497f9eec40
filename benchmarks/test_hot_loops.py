"""The hot loops of every registered pair, generated from the registry.

Gradient pairs: one training step (forward, hand or autograd backward, update) and the forward
pass. Estimator pairs: fit and predict (or the spec's `predicts` method, transform for PCA), on
numpy and sklearn. Metric pairs: each call of the spec's `bench`, N samples of D classes or
outputs. Function pairs: forward + backward of each function. Optimizer pairs: one
step of each optimizer setting on an (N, D) parameter. Torch pairs run on numpy, torch-cpu and
torch-cuda. Sizes come from each spec's bench_sizes. Each (pair, loop, size) is one
pytest-benchmark group, so the report compares implementations within a group.
"""

import functools
import time

import numpy as np
import pytest
import torch

from parity.checks import (
    build_framework,
    build_scratch,
    cast_inputs,
    synthetic_data,
    to_device,
)
from parity.registry import discover

PAIRS = discover()
IMPLEMENTATIONS = {"gradient": ("numpy", "torch-cpu", "torch-cuda"),
                   "estimator": ("numpy", "sklearn"),
                   "function": ("numpy", "torch-cpu", "torch-cuda"),
                   "optimizer": ("numpy", "torch-cpu", "torch-cuda"),
                   "metric": ("numpy", "sklearn")}


def loops(pair):
    if pair.kind == "function":
        return tuple(f for f in pair.spec.functions if f not in pair.spec.not_benchmarked)
    if pair.kind == "optimizer":
        return tuple(pair.spec.optimizers)
    if pair.kind == "estimator":
        return ("fit", pair.spec.predicts)
    if pair.kind == "metric":
        return tuple(pair.spec.bench)
    if pair.kind == "distributed":
        return ()                    # process start-up dominates: see the pair's lesson
    return ("step", "forward")                                  # a gradient pair
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
        for loop in loops(pair):
            for N, D in pair.spec.bench_sizes[:max_sizes]:
                for implementation in IMPLEMENTATIONS[pair.kind]:
                    device = "cuda" if implementation == "torch-cuda" else "cpu"
                    if device not in devices:
                        continue
                    marks = [pytest.mark.cuda] if device == "cuda" else []
                    params.append(pytest.param(
                        (pair, loop, N, D, implementation), marks=marks,
                        id=f"{pair.name}-{loop}-N{N}-D{D}-{implementation}"))
    metafunc.parametrize("workload", params)


def synchronize(device):
    if device == "cuda":
        torch.cuda.synchronize()


def gradient_loop(pair, loop, implementation, X, y, rng):
    """step or forward of a model with shared random parameters, inputs already on its device."""
    D = X.shape[1]
    params = {name: (0.1 * rng.standard_normal(np.shape(value))).astype(np.float32)
              for name, value in build_scratch(pair, D, "float32").state_dict().items()}
    if implementation == "numpy":
        model, device = build_scratch(pair, D, "float32"), "cpu"
    else:
        device = implementation.removeprefix("torch-")
        model = build_framework(pair, D, "float32", device)
        X, y = to_device(X, device), to_device(y, device)
    model.load_state_dict(params)

    def step():
        model.step(X, y)
        synchronize(device)

    def forward():
        with torch.no_grad():
            model.forward(X)
        synchronize(device)

    return step if loop == "step" else forward


def function_loop(pair, name, implementation, N, D, rng):
    """forward + backward of one function, inputs in float32 already on the device."""
    inputs = cast_inputs(pair.spec.functions[name](rng, N, D), np.float32)
    grad_output = np.ones(np.shape(pair.spec.function(pair.scratch, name)(*inputs)),
                          dtype=np.float32)
    if implementation == "numpy":
        module, device = pair.scratch, "cpu"
    else:
        module, device = pair.framework, implementation.removeprefix("torch-")
        inputs = [to_device(a, device) for a in inputs]
        grad_output = to_device(grad_output, device)
    f = pair.spec.function(module, name)
    backward = pair.spec.function(module, name, backward=True)

    def forward_backward():
        f(*inputs)
        backward(*inputs, grad_output)
        synchronize(device)

    return forward_backward


def optimizer_loop(pair, variant, implementation, N, D, rng):
    """One step of an optimizer setting on a float32 (N, D) parameter and its gradient."""
    class_name, hyperparams = pair.spec.optimizers[variant]
    params = {"W": rng.standard_normal((N, D)).astype(np.float32)}
    grads = {"W": rng.standard_normal((N, D)).astype(np.float32)}
    if implementation == "numpy":
        optimizer, device = getattr(pair.scratch, class_name)(params, **hyperparams), "cpu"
    else:
        device = implementation.removeprefix("torch-")
        optimizer = getattr(pair.framework, class_name)(params, **hyperparams, device=device)
        grads = {"W": to_device(grads["W"], device)}

    def step():
        optimizer.step(grads)
        synchronize(device)

    return step


def estimator_loop(pair, loop, implementation, X, y):
    """fit, or predict (the spec's `predicts` method), of one side of an estimator pair."""
    module = pair.scratch if implementation == "numpy" else pair.framework
    model = getattr(module, pair.spec.model)(**pair.spec.hyperparams)
    if loop == "fit":
        return lambda: model.fit(X, y)
    model.fit(X, y)
    return lambda: getattr(model, loop)(X)


def test_hot_loop(benchmark, workload, pytestconfig):
    pair, loop, N, D, implementation = workload
    if implementation == "torch-cuda" and not torch.cuda.is_available():
        pytest.skip("needs CUDA")
    rng = np.random.default_rng(0)
    dtype = np.float64 if pair.kind in ("estimator", "metric") else np.float32
    if pair.kind == "metric":
        case = pair.spec.bench[loop]
        inputs = case.inputs(rng, N, D)
        module = pair.scratch if implementation == "numpy" else pair.framework
        run = functools.partial(case.call, module, inputs)
    elif pair.kind == "function":
        run = function_loop(pair, loop, implementation, N, D, rng)
    elif pair.kind == "optimizer":
        run = optimizer_loop(pair, loop, implementation, N, D, rng)
    else:
        bench_data = getattr(pair.spec, "bench_data", None)
        if bench_data is None:
            X, y = synthetic_data(pair, rng, N, D)
            X = X if np.issubdtype(X.dtype, np.integer) else X.astype(dtype)   # token ids stay
        else:
            X, y = bench_data(rng, N, D)
        y = y.astype(dtype) if np.issubdtype(y.dtype, np.floating) else y
        run = (gradient_loop(pair, loop, implementation, X, y, rng) if pair.kind == "gradient"
               else estimator_loop(pair, loop, implementation, X, y))

    benchmark.group = f"{pair.name}.{loop} N={N} D={D}"
    benchmark.extra_info.update(pair=pair.name, loop=loop, N=N, D=D,
                                implementation=implementation, dtype=np.dtype(dtype).name)
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
