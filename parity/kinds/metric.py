"""Metric pairs: functions such as sklearn.metrics, the same names and parameters on both sides.

Each case calls one function on seeded inputs and compares the value, every warning and the
error, bit for bit: the scratch side adds in scikit-learn's order and reproduces its warnings
and messages.
"""

import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from parity.compare import Leaf, compare
from parity.kinds.base import LIBRARY_CHECKS, Kind, Outcome, Spec, all_but
from parity.seeding import make_rng
from parity.tolerances import EXACT


@dataclass(frozen=True)
class MetricCase:
    """One call compared on both sides: function(*inputs(rng), **options).

    expect    "" for a plain case, which must return a value without any warning; otherwise
              a fragment that the error raised, or one of the warnings, must contain (a case
              named for single-class data must reach scikit-learn's single-class behaviour)
    keywords  names under which the last inputs are passed ("sample_weight",)
    """

    function: str
    inputs: Callable
    options: dict = field(default_factory=dict)
    expect: str = ""
    keywords: tuple = ()

    def call(self, module, inputs):
        """The function of this name in `module`, called on the inputs and options."""
        n_positional = len(inputs) - len(self.keywords)
        keywords = dict(zip(self.keywords, inputs[n_positional:], strict=True))
        return getattr(module, self.function)(*inputs[:n_positional], **keywords,
                                              **self.options)


@dataclass
class MetricProblem:
    """One seeded call of a metric: the case and its inputs."""

    case: MetricCase
    inputs: tuple


def outcome(module, case, inputs):
    """What one side does with a call: {"value", "error", "warnings"}, errors and warnings as
    "Category: message" text. The caller's arrays go in as copies, never shared."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value, error = case.call(module, [np.array(a) for a in inputs]), ""
        except Exception as exception:  # the error itself is what is compared
            value, error = None, f"{type(exception).__name__}: {exception}"
    said = "\n".join(f"{w.category.__name__}: {w.message}" for w in caught)
    return {"value": value, "error": error, "warnings": said}


def check_values(pair, problem, tolerance, dtype, device):
    """Value, warnings and error agree; the case reaches the behaviour its `expect` names."""
    case = problem.case
    ours = outcome(pair.scratch, case, problem.inputs)
    theirs = outcome(pair.framework, case, problem.inputs)
    comparison = compare(ours, theirs, tolerance, equal_nan=True)
    said = "\n".join(text for text in (theirs["error"], theirs["warnings"]) if text)
    if case.expect and case.expect not in said:
        comparison.leaves.append(Leaf("expect", problem=f"the framework side did not say "
                                                        f"{case.expect!r}; it said {said!r}"))
    elif not case.expect and said:
        comparison.leaves.append(Leaf("expect", problem=f"a plain case, but the framework "
                                                        f"side said {said!r}"))
    return Outcome(comparison)


class MetricKind(Kind):
    name = "metric"
    checks: ClassVar[dict] = {"values": check_values}
    implementations = ("numpy", "sklearn")
    outline = "functions"

    def opt_outs(self, pair, checks):
        return all_but(checks, LIBRARY_CHECKS, (
            "a metric has no fit or predict; each bad input (NaN, inf, wrong shape, empty, bad "
            "labels, impossible options) is a parity case of its own, its error compared"))

    def variants(self, spec):
        return tuple(spec.cases)

    def problem(self, pair, dtype, seed, variant):
        case = pair.spec.cases[variant]
        return MetricProblem(case, tuple(case.inputs(make_rng(seed))))

    def public_names(self, pair):
        return sorted({case.function for case in [*pair.spec.cases.values(),
                                                  *pair.spec.bench.values()]})

    def battery_runs(self, pair, seed=0):
        """Each plain case's call (the cases that expect an error or a warning are parity's)."""
        rng = np.random.default_rng(seed)

        def run(side, inputs, case):
            return case.call(pair.scratch if side == "scratch" else pair.framework, inputs)

        return [(name, list(case.inputs(rng)), functools.partial(run, case=case))
                for name, case in pair.spec.cases.items() if not case.expect]

    def bench_loops(self, pair):
        return tuple(pair.spec.bench)

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """One call of the spec's bench case on N samples of D classes or outputs."""
        case = pair.spec.bench[loop]
        inputs = case.inputs(rng, N, D)
        module = pair.scratch if implementation == "numpy" else pair.framework
        return functools.partial(case.call, module, inputs)


METRIC = MetricKind()


@dataclass(frozen=True, kw_only=True)
class MetricSpec(Spec):
    """A library of metrics, the same functions on both sides, compared bit for bit: the two
    sides add in the same order, so a difference is a formula, not rounding."""

    kind: ClassVar[object] = METRIC

    cases: dict                         # {name: MetricCase}: values, degenerate and bad inputs
    bench: dict = field(default_factory=dict)  # {name: MetricCase} on (rng, N, K) -> inputs
    checks: tuple = ("values",)
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu",)
    tolerances: dict = field(default_factory=lambda: {("values", "float64"): EXACT})
    bench_sizes: tuple = ((1_000, 3), (100_000, 3), (1_000_000, 3))
    framework: str = "sklearn"
