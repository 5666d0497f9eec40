"""Optimizer pairs: classes Name(params, **hyperparams) with step(grads), updating .params.

The trajectory check runs both sides on the same noisy quadratic, each side computing its
gradients from its own current parameters, so that any difference compounds over the steps.
"""

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from algorithms._torch import to_tensor
from parity.compare import compare, to_numpy
from parity.kinds.base import LIBRARY_CHECKS, Kind, Spec, all_but, trajectory
from parity.seeding import make_rng


@dataclass
class OptimizerProblem:
    """A noisy quadratic: grad(p) = curvature * (p - target) + noise[t], per parameter."""

    class_name: str
    hyperparams: dict
    init: dict
    curvature: dict
    target: dict
    noise: list

    def gradients(self, params, t):
        return {name: self.curvature[name] * (to_numpy(p) - self.target[name])
                + self.noise[t][name] for name, p in params.items()}


def tracked(optimizer):
    """What the trajectory compares after each step: the parameters, and where a schedule sets
    them, the learning rate and momentum it set for the next step."""
    return {**optimizer.params, **getattr(optimizer, "scheduled", {})}


def check_trajectory(pair, problem, tolerance, dtype, device):
    """Parameters (and scheduled rates) agree after every step, each side following its own
    gradients."""
    ours = getattr(pair.scratch, problem.class_name)(problem.init, **problem.hyperparams)
    theirs = getattr(pair.framework, problem.class_name)(problem.init, **problem.hyperparams,
                                                          device=device)
    per_step = []
    for t in range(len(problem.noise)):
        ours.step(problem.gradients(ours.params, t))
        theirs.step(problem.gradients(theirs.params, t))
        per_step.append(compare(tracked(ours), tracked(theirs), tolerance))
    return trajectory(per_step)


class OptimizerKind(Kind):
    name = "optimizer"
    checks: ClassVar[dict] = {"trajectory": check_trajectory}
    implementations = ("numpy", "torch-cpu", "torch-cuda")

    def opt_outs(self, pair, checks):
        return all_but(checks, (*LIBRARY_CHECKS, "hyperparameters"),
                       "an optimizer steps named arrays, with no fit, predict or data to "
                       "validate")

    def variants(self, spec):
        return tuple(spec.optimizers)

    def problem(self, pair, dtype, seed, variant):
        spec = pair.spec
        rng = make_rng(seed)
        class_name, hyperparams = spec.optimizers[variant]

        def draw(make):
            return {name: make(shape).astype(dtype) for name, shape in spec.shapes.items()}

        init = draw(rng.standard_normal)
        curvature = draw(lambda shape: rng.uniform(0.5, 2.0, shape))
        target = draw(rng.standard_normal)
        noise = [draw(lambda shape: 0.1 * rng.standard_normal(shape))
                 for _ in range(spec.steps)]
        return OptimizerProblem(class_name, hyperparams, init, curvature, target, noise)

    def public_names(self, pair):
        return sorted({class_name for class_name, _ in pair.spec.optimizers.values()})

    def battery_runs(self, pair, seed=0):
        """Five steps of each setting from the spec's shapes, with fixed gradients."""
        rng = np.random.default_rng(seed)
        runs = []
        names = list(pair.spec.shapes)
        for variant, (class_name, hyperparams) in pair.spec.optimizers.items():
            init = [rng.standard_normal(shape) for shape in pair.spec.shapes.values()]
            grads = [rng.standard_normal(shape) for shape in pair.spec.shapes.values()]

            def run(side, inputs, class_name=class_name, hyperparams=hyperparams):
                params = dict(zip(names, inputs[:len(names)], strict=True))
                gradients = dict(zip(names, inputs[len(names):], strict=True))
                module = pair.scratch if side == "scratch" else pair.framework
                optimizer = getattr(module, class_name)(params, **hyperparams)
                for _ in range(5):
                    optimizer.step(gradients)
                return dict(optimizer.params)

            runs.append((variant, init + grads, run))
        return runs

    def hyperparameter_runs(self, pair):
        """Each optimizer class, built on the spec's shapes with one hyperparameter set."""
        params = {name: np.zeros(shape) for name, shape in pair.spec.shapes.items()}

        def run(class_name):
            return lambda side, overrides: getattr(
                pair.scratch if side == "scratch" else pair.framework, class_name)(
                    params, **overrides)

        return [(name, getattr(pair.scratch, name).hyperparameters, run(name))
                for name in self.public_names(pair)]

    def figures(self, pair, folder):
        return [figure(pair, folder) for figure in pair.spec.figures]

    def bench_loops(self, pair):
        return pair.spec.bench or tuple(pair.spec.optimizers)

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """One step of an optimizer setting on a float32 (N, D) parameter and its gradient."""
        class_name, hyperparams = pair.spec.optimizers[loop]
        params = {"W": rng.standard_normal((N, D)).astype(np.float32)}
        grads = {"W": rng.standard_normal((N, D)).astype(np.float32)}
        if implementation == "numpy":
            optimizer = getattr(pair.scratch, class_name)(params, **hyperparams)
        else:
            device = implementation.removeprefix("torch-")
            optimizer = getattr(pair.framework, class_name)(params, **hyperparams,
                                                            device=device)
            grads = {"W": to_tensor(grads["W"], device)}
        return lambda: optimizer.step(grads)


OPTIMIZER = OptimizerKind()


@dataclass(frozen=True, kw_only=True)
class OptimizerSpec(Spec):
    """Optimizers, one variant per setting: {variant: (class name, hyperparameters)}."""

    kind: ClassVar[object] = OPTIMIZER

    optimizers: dict
    shapes: dict = field(default_factory=lambda: {"W": (20, 5), "b": (5,)})  # what is optimized
    steps: int = 100                    # compared by the trajectory check
    checks: tuple = ("trajectory",)
    bench: tuple = ()                   # the settings timed (default: every one)
    figures: tuple = ()                 # (pair, folder) -> path: the pair's own figures
