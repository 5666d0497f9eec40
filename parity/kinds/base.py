"""What every kind of pair shares: the base spec, and the kind object that owns the rest.

A kind (gradient, estimator, function, optimizer, metric, distributed, initializer, tokenizer)
is one object that knows how its pairs are checked: the seeded problem of a case, the checks by
name, which battery checks apply and how the battery builds and feeds its models, the
benchmarks' loops and the figures. The runner, the battery, the benchmarks and the reader
pages ask the kind; nothing outside `parity.kinds` asks which kind a pair is.
"""

import contextlib
import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from parity.compare import Comparison, merge
from parity.tolerances import FINITE_DIFFERENCE_STEP

# --- what several kinds share: the seeded problem, finite differences ----------------------

@dataclass
class Problem:
    """One seeded parity problem: data, shared initial parameters and batch order."""

    X: np.ndarray
    y: np.ndarray
    init: dict
    batches: list
    rng: np.random.Generator


def cast_data(X, y, dtype, ids=False):
    """X in `dtype` (ids stay integers); y too when it is real-valued (class labels, next
    tokens and noise words stay integers)."""
    X = np.asarray(X) if ids else np.asarray(X, dtype=dtype)
    y = np.asarray(y)
    return X, (y.astype(dtype) if np.issubdtype(y.dtype, np.floating) else y)


def central_differences(loss_at, base, coords):
    """dL/dx at each flat index of `base` in coords, by (L(x + h) - L(x - h)) / 2h, h relative
    to |x|; loss_at(probe) is the loss with `probe` in place of base."""
    estimates = []
    for i in coords:
        x = base.flat[i]
        h = FINITE_DIFFERENCE_STEP * max(1.0, abs(x))
        values = []
        for shifted in (x + h, x - h):
            probe = base.copy()
            probe.flat[i] = shifted
            values.append(float(loss_at(probe)))
        estimates.append((values[0] - values[1]) / (2 * h))
    return np.array(estimates)


def probed_coordinates(rng, size):
    """At most 64 flat indices of an array of `size` entries, sorted, drawn by the rng."""
    return np.sort(rng.choice(size, size=min(size, 64), replace=False))


# The battery checks a library of functions takes: it has no fit or predict, but its
# functions must give the same answer twice, keep the caller's arrays and read strided ones.
LIBRARY_CHECKS = ("noncontiguous_readonly", "same_seed", "inputs_unchanged")


def all_but(checks, kept, reason):
    """{check: reason} for every battery check but those `kept`."""
    return {check: reason for check in checks if check not in kept}


@dataclass(frozen=True)
class Textbook:
    """A textbook form the scratch side opens with, and the fast form that does its work
    (CONTRIBUTING.md, "The idea first")."""

    fast: str                   # the module-level function of scratch.py the pair calls
    textbook: str               # the same signature, the idea stated plainly
    inputs: object              # rng -> arguments on which the two must agree (test_textbook)
    beside: str                 # the framework section shown beside it (parity diff, pages)
    normalize: object = None    # results -> comparable form, where order may differ
    # why parity does not run this form on tie-heavy data ("" it does): the textbook's own
    # rule for equal distances may be a valid answer other than the framework's
    not_on_ties: str = ""


@contextlib.contextmanager
def textbook_form(pair):
    """Within the block, the pair's scratch module calls each textbook form where it called the
    fast one (a module global is looked up at each call); the fast forms come back after."""
    module = pair.scratch
    fast = {form.fast: getattr(module, form.fast) for form in pair.spec.textbook}
    try:
        for form in pair.spec.textbook:
            setattr(module, form.fast, getattr(module, form.textbook))
        yield
    finally:
        for name, function in fast.items():
            setattr(module, name, function)


@dataclass(frozen=True, kw_only=True)
class Spec:
    """The fields every kind's spec has (CONTRIBUTING.md, "The spec")."""

    kind: ClassVar[object]

    checks: tuple = ()                  # which of the kind's checks run, in that order
    dtypes: tuple = ("float64", "float32")
    devices: tuple = ("cpu", "cuda")    # cuda only where a GPU is present
    tolerances: dict = field(default_factory=dict)   # {(check, dtype): Tolerance(reason=...)}
    bench_sizes: tuple = ((256, 16), (4096, 64), (32768, 256))
    variants: dict = field(default_factory=dict)     # {name: overrides}, each a pair of its own
    invalid_hyperparams: tuple = ()     # ((overrides, message), ...): refused combinations
    battery_opt_outs: dict = field(default_factory=dict)  # {battery check: reason}
    textbook: tuple = ()                # Textbook forms: every case also runs with them
    ladder: tuple = ()                  # module names of the rungs between the two files
    framework: str = "torch"            # or "sklearn": the library of framework.py

    def __post_init__(self):
        unknown = set(self.checks) - set(self.kind.checks)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; a {self.kind.name} pair has "
                             f"{sorted(self.kind.checks)}")


@dataclass
class Outcome:
    """What a check found: the comparison (errors, per-leaf diagnostics) and a note."""

    comparison: Comparison
    note: str = ""


def trajectory(per_step):
    """One Outcome for a run compared step after step: the worst errors over every step, and
    the first step and leaves that diverged."""
    total = len(per_step)
    first = next(((step, result) for step, result in enumerate(per_step, start=1)
                  if not result.ok), None)
    if first is None:
        return Outcome(merge(per_step), f"{total} steps")
    step, result = first
    names = ", ".join(leaf.name for leaf in result.failures())
    return Outcome(merge(per_step), f"first diverged at step {step} of {total} in {names}; "
                                    "worst over all steps:")


class Kind:
    """A kind of pair: subclasses set the attributes and define `problem`, and `bench_run`
    if their pairs are timed; the other methods have defaults."""

    name = ""                   # "gradient", "estimator", ...
    checks = {}                 # {name: check(pair, problem, tolerance, dtype, device) -> Outcome}
    float64_only = ()           # checks that need float64's digits (finite differences)
    scratch_only = ()           # checks that run NumPy alone: once, on the CPU
    implementations = ()        # the benchmarks' columns: numpy, torch-cpu, torch-cuda, sklearn
    outline = "classes"         # or "functions": what the contract test compares of both files

    def __repr__(self):
        return f"<{self.name} kind>"

    def problem(self, pair, dtype, seed, variant):
        """The seeded problem a case runs on (the checks' `problem` argument)."""
        raise NotImplementedError(f"{type(self).__name__} must define problem()")

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """A callable that runs one benchmark loop once, for the pairs this kind times."""
        raise NotImplementedError(f"{type(self).__name__} must define bench_run()")

    def variants(self, spec):
        """The names under which a pair's cases run: its variants, or "" for the pair alone."""
        return tuple(spec.variants) or ("",)

    def with_variant(self, pair, variant):
        """The pair with one variant's hyperparameters merged into its spec; under the key
        "spec" a variant may replace spec fields too (a classifier pair's regressor), its
        hyperparams among them (another model, with hyperparameters of its own)."""
        if not variant or not pair.spec.variants:
            return pair
        overrides = dict(pair.spec.variants[variant])
        fields = dict(overrides.pop("spec", {}))
        base = fields.pop("hyperparams", pair.spec.hyperparams)
        spec = dataclasses.replace(pair.spec, hyperparams={**base, **overrides}, **fields)
        return dataclasses.replace(pair, spec=spec)

    def public_names(self, pair):
        """The names both files must define."""
        return [pair.spec.model]

    def classes(self, pair):
        """(scratch class, framework class) of each class whose hyperparameters are declared:
        the model's, or those a library's public names hold."""
        return [(getattr(pair.scratch, name), getattr(pair.framework, name))
                for name in self.public_names(pair)
                if isinstance(getattr(pair.scratch, name), type)]

    def bench_loops(self, pair):
        return ()

    def figures(self, pair, folder):
        """Draw the pair's figures into `folder`; their paths."""
        return []

    def opt_outs(self, pair, checks):
        """{battery check: reason} that this pair skips because of what it is, among `checks`
        (the battery's names)."""
        return {}

    def battery_runs(self, pair, seed=0):
        """[(description, inputs, run(side, inputs) -> results)]: what the battery's
        determinism, mutation and memory-layout checks run on both sides."""
        return []

    def hyperparameter_runs(self, pair):
        """[(class name, declared constraints, run(side, overrides))]: each class built (and
        fitted) with one hyperparameter overridden, for the battery's probes."""
        return []


class ModelKind(Kind):
    """Pairs of models with fit and predict, which the battery builds, fits on small problems
    and feeds bad input. Subclasses define the five methods below that raise
    NotImplementedError."""

    fit_settings = {}           # what makes two fits from one seed comparable
    tolerance_check = "fit"     # the check whose tolerance the battery's comparisons use

    def make(self, pair, side, n_features=None, **overrides):
        """An unfitted model of one side ("scratch" or "framework")."""
        raise NotImplementedError(f"{type(self).__name__} must define make()")

    def small_problem(self, pair, n_samples, n_features=None, seed=0):
        """A valid (X, y) of n_samples rows for the battery."""
        raise NotImplementedError(f"{type(self).__name__} must define small_problem()")

    def outputs(self, pair, model, X):
        """What a fitted model says about X: {name: array}, compared across sides."""
        raise NotImplementedError(f"{type(self).__name__} must define outputs()")

    def label_kind(self, pair):
        """"indices" (class indices 0..K-1), "any" (class labels) or "real" (a regression)."""
        raise NotImplementedError(f"{type(self).__name__} must define label_kind()")

    def agree_at_scale(self, pair, description, X, y):
        """How both sides must agree on features scaled far from 1 (the extreme_values
        check): raise BatteryFailure where they do not."""
        raise NotImplementedError(f"{type(self).__name__} must define agree_at_scale()")

    def integer_labels(self, pair):
        """What refusing a bad class index says it wanted."""
        return "integer class labels"

    def features(self, pair):
        """Columns of the battery's small problems."""
        return 3

    def answer(self, pair, model, X):
        """The fitted model's answer on X, which the battery feeds bad input."""
        return model.predict(X)

    def supervised(self, pair):
        return True

    def target_name(self, pair):
        """The name of fit's second argument, as its errors say it: y, or a generative model's
        noise eps."""
        return "y"

    def diverging(self, pair):
        """Hyperparameters under which fit's loss leaves the floats (the divergence check)."""
        return {"lr": 1e300}

    def bad_targets(self, pair):
        """[(description, (X, y) -> bad (X, y), message fragment)]: targets of a wrong shape."""
        if not self.supervised(pair):
            return []
        return [("2-D y", lambda X, y: (X, y[:, None]), "y must be a 1-D array")]

    def hyperparameter_runs(self, pair):
        """The spec's model, built with the overrides and fitted on a small problem."""
        X, y = self.small_problem(pair, 12)
        model = getattr(pair.scratch, pair.spec.model)
        return [(pair.spec.model, model.hyperparameters,
                 lambda side, overrides: self.make(pair, side, **overrides).fit(X, y))]

    def battery_runs(self, pair, seed=0):
        """One run: a fresh model of each side, fitted with `fit_settings` and asked about X."""
        X, y = self.small_problem(pair, 12, seed=seed)

        def run(side, inputs):
            X, y = inputs
            return self.outputs(pair, self.make(pair, side, **self.fit_settings).fit(X, y), X)

        return [("fit and predict", [X, y], run)]
