"""Function pairs: libraries of differentiable functions, such as activations and losses.

Each function f(first, *targets) has a partner f_backward(first, *targets, dA) that returns
the gradient of sum(f(...) * dA) with respect to the first input (or a tuple, for the first
wrt[f] inputs): by hand on the scratch side, autograd's vector-Jacobian product on the
framework side. Each function is a variant of the pair (activations/gelu).
"""

import functools
import warnings
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from algorithms._torch import to_tensor
from parity.compare import compare
from parity.kinds.base import (
    LIBRARY_CHECKS,
    Kind,
    Outcome,
    Spec,
    all_but,
    central_differences,
    probed_coordinates,
)
from parity.seeding import make_rng


@dataclass
class FunctionProblem:
    """One seeded problem for one function: its inputs and the gradient flowing back into it."""

    name: str
    inputs: tuple
    grad_output: np.ndarray
    rng: np.random.Generator


def cast_inputs(inputs, dtype):
    """Floating inputs in `dtype`; integer ones (class indices) as they are."""
    return tuple(np.asarray(a, dtype=dtype) if np.issubdtype(np.asarray(a).dtype, np.floating)
                 else np.asarray(a) for a in inputs)


def value_and_gradient(spec, module, name, inputs, grad_output):
    """f(*inputs) and f_backward(*inputs, grad_output) of one side."""
    return {"value": spec.function(module, name)(*inputs),
            "gradient": spec.function(module, name, backward=True)(*inputs, grad_output)}


def both_sides(pair, name, inputs, grad_output, device):
    """value_and_gradient of the scratch side on NumPy arrays, and of the framework side on
    tensors on `device`."""
    ours = value_and_gradient(pair.spec, pair.scratch, name, inputs, grad_output)
    theirs = value_and_gradient(pair.spec, pair.framework, name,
                                [to_tensor(a, device) for a in inputs],
                                to_tensor(grad_output, device))
    return ours, theirs


def check_values(pair, problem, tolerance, dtype, device):
    """f(*inputs) agrees."""
    ours = pair.spec.function(pair.scratch, problem.name)(*problem.inputs)
    theirs = pair.spec.function(pair.framework, problem.name)(
        *[to_tensor(a, device) for a in problem.inputs])
    return Outcome(compare({"value": ours}, {"value": theirs}, tolerance))


def check_gradients(pair, problem, tolerance, dtype, device):
    """The hand backward agrees with autograd's vector-Jacobian product."""
    ours, theirs = both_sides(pair, problem.name, problem.inputs, problem.grad_output, device)
    return Outcome(compare({"gradient": ours["gradient"]}, {"gradient": theirs["gradient"]},
                           tolerance))


def check_finite_differences(pair, problem, tolerance, dtype, device):
    """The hand backward agrees with central differences of sum(f(inputs) * grad_output), at
    most 64 coordinates of each differentiated input, in float64, without torch."""
    f = pair.spec.function(pair.scratch, problem.name)
    inputs, g = list(problem.inputs), problem.grad_output
    analytic = pair.spec.function(pair.scratch, problem.name, backward=True)(*inputs, g)
    n_wrt = pair.spec.wrt.get(problem.name, 1)
    analytic = analytic if n_wrt > 1 else (analytic,)
    ours, numeric = {}, {}
    for k in range(n_wrt):
        coords = probed_coordinates(problem.rng, inputs[k].size)
        numeric[f"input {k}"] = central_differences(
            lambda probe, k=k: np.sum(f(*inputs[:k], probe, *inputs[k + 1:]) * g),
            inputs[k], coords)
        ours[f"input {k}"] = np.asarray(analytic[k]).reshape(-1)[coords]
    return Outcome(compare(ours, numeric, tolerance))


def check_extremes(pair, problem, tolerance, dtype, device):
    """At extreme but finite inputs: no warning, nothing non-finite, and agreement."""
    inputs = cast_inputs(pair.spec.extremes[problem.name](), dtype)
    output = pair.spec.function(pair.scratch, problem.name)(*inputs)
    grad_output = np.ones(np.shape(output), dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours, theirs = both_sides(pair, problem.name, inputs, grad_output, device)
    return Outcome(compare(ours, theirs, tolerance), "at extreme inputs")


class FunctionKind(Kind):
    name = "function"
    checks: ClassVar[dict] = {"values": check_values, "gradients": check_gradients,
                              "finite_differences": check_finite_differences,
                              "extremes": check_extremes}
    float64_only = ("finite_differences", "extremes")
    scratch_only = ("finite_differences",)
    implementations = ("numpy", "torch-cpu", "torch-cuda")
    outline = "functions"

    def opt_outs(self, pair, checks):
        return all_but(checks, LIBRARY_CHECKS, (
            "a function takes tensors and passes NaN through unvalidated, as torch's functions "
            "do; there is no fit or predict (stability: the extremes check)"))

    def variants(self, spec):
        return tuple(spec.functions)

    def problem(self, pair, dtype, seed, variant):
        rng = make_rng(seed)
        inputs = cast_inputs(pair.spec.functions[variant](rng, *pair.spec.size), dtype)
        output = pair.spec.function(pair.scratch, variant)(*inputs)
        grad_output = rng.standard_normal(np.shape(output)).astype(dtype)
        return FunctionProblem(variant, inputs, grad_output, rng)

    def public_names(self, pair):
        functions = {pair.spec.calls.get(case, (case,))[0] for case in pair.spec.functions}
        return [name for f in sorted(functions) for name in (f, f"{f}_backward")]

    def battery_runs(self, pair, seed=0):
        """Each function's forward and backward on its spec's inputs (6 x 4 problems)."""
        rng = np.random.default_rng(seed)
        runs = []
        for name, maker in pair.spec.functions.items():
            inputs = list(cast_inputs(maker(rng, 6, 4), np.float64))
            copies = [np.array(a) for a in inputs]          # a faulty f may write into them
            grad_output = np.ones(np.shape(pair.spec.function(pair.scratch, name)(*copies)))

            def run(side, inputs, name=name, grad_output=grad_output):
                return both_sides(pair, name, inputs, grad_output, "cpu")[side == "framework"]

            runs.append((name, inputs, run))
        return runs

    def bench_loops(self, pair):
        return tuple(f for f in pair.spec.functions if f not in pair.spec.not_benchmarked)

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """forward + backward of one function, float32 inputs already on the device."""
        inputs = cast_inputs(pair.spec.functions[loop](rng, N, D), np.float32)
        grad_output = np.ones(np.shape(pair.spec.function(pair.scratch, loop)(*inputs)),
                              dtype=np.float32)
        module = pair.scratch
        if implementation != "numpy":
            module, device = pair.framework, implementation.removeprefix("torch-")
            inputs = [to_tensor(a, device) for a in inputs]
            grad_output = to_tensor(grad_output, device)
        f = pair.spec.function(module, loop)
        backward = pair.spec.function(module, loop, backward=True)

        def forward_backward():
            f(*inputs)
            backward(*inputs, grad_output)

        return forward_backward


FUNCTION = FunctionKind()


@dataclass(frozen=True, kw_only=True)
class FunctionSpec(Spec):
    """A library of differentiable functions, the same names on both sides; each function f
    has a partner f_backward(*inputs, grad_output) (CONTRIBUTING.md, "Function pairs")."""

    kind: ClassVar[object] = FUNCTION

    functions: dict                     # {name: (rng, n, k) -> inputs}, floats cast per dtype
    extremes: dict                      # {name: () -> inputs} at extreme but finite values
    wrt: dict = field(default_factory=dict)    # {name: leading inputs differentiated} if > 1
    calls: dict = field(default_factory=dict)  # {name: (function, keywords)} for a setting
    size: tuple = (64, 10)              # (n, k) of the parity problems
    not_benchmarked: tuple = ()
    checks: tuple = ("values", "gradients", "finite_differences", "extremes")
    bench_sizes: tuple = ((256, 10), (4096, 100), (32768, 1000))

    def __post_init__(self):
        super().__post_init__()
        missing = set(self.functions) - set(self.extremes)
        if "extremes" in self.checks and missing:
            raise ValueError(f"no extreme inputs for {sorted(missing)}")

    def function(self, module, case, backward=False):
        """The callable a case runs on one side: f, or f_backward, with its settings."""
        name, settings = self.calls.get(case, (case, {}))
        f = getattr(module, f"{name}_backward" if backward else name)
        return functools.partial(f, **settings) if settings else f
