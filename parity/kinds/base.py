"""What every kind of pair shares: the base spec, and the kind object that owns the rest.

A kind (gradient, estimator, function, optimizer, metric, distributed) is one object that
knows how its pairs are checked: the seeded problem of a case, the checks by name, which
battery checks apply and how the battery builds and feeds its models, the benchmarks' loops
and the figures. The runner, the battery, the benchmarks and the reader pages ask the kind;
nothing outside `parity.kinds` asks which kind a pair is.
"""

import contextlib
import dataclasses
from dataclasses import dataclass, field
from typing import ClassVar

from parity.compare import Comparison, merge


@dataclass(frozen=True)
class Textbook:
    """The textbook form of a function of a pair's scratch side, and the fast form it opens.

    fast      the module-level function of scratch.py that the pair calls (blocks, chunks,
              a grid, a replay of scikit-learn's draws)
    textbook  the function of the same signature that states the idea plainly; the pair's
              "textbook" cases run with it in place of `fast`, checked against the framework
              like the fast form
    inputs    rng -> the arguments on which tests/test_textbook.py checks the two forms agree
    beside    the framework section shown beside the textbook form by `parity diff` and the
              reader pages: the framework's call that does what it does
    normalize how both forms' results are put before they are compared, where the two may
              order equal results differently (neighbour lists); None: as they are
    """

    fast: str
    textbook: str
    inputs: object
    beside: str
    normalize: object = None


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
    """The fields every kind's spec has (see CONTRIBUTING.md, "The spec").

    checks       which of the kind's checks run, in that order
    dtypes       each check runs once per dtype ...
    devices      ... and per device ("cuda" only where a GPU is present)
    tolerances   {(check, dtype): Tolerance(..., reason=...)}: loosen a check only with a reason
    bench_sizes  (N, D) of the benchmarks, smallest first
    variants     {name: overrides}: each variant is checked as a pair of its own
    invalid_hyperparams  ((overrides, message fragment), ...): combinations of hyperparameters
                 the battery expects refused; each single one is probed from the classes'
                 declared constraints (algorithms/_params.py)
    battery_opt_outs  {battery check: reason} for battery checks that cannot apply
    textbook     Textbook forms of the scratch side's fast functions: every case also runs
                 with them in place ("textbook" cases)
    framework    "torch" or "sklearn": the library of framework.py
    """

    kind: ClassVar[object]

    checks: tuple = ()
    dtypes: tuple = ("float64", "float32")
    devices: tuple = ("cpu", "cuda")
    tolerances: dict = field(default_factory=dict)
    bench_sizes: tuple = ((256, 16), (4096, 64), (32768, 256))
    variants: dict = field(default_factory=dict)
    invalid_hyperparams: tuple = ()
    battery_opt_outs: dict = field(default_factory=dict)
    textbook: tuple = ()
    framework: str = "torch"

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
    """A kind of pair. Subclasses set the class attributes and override what differs.

    name             "gradient", "estimator", ...
    checks           {check name: check(pair, problem, tolerance, dtype, device) -> Outcome}
    float64_only     checks that run in float64 only (finite differences need the digits)
    scratch_only     checks that run NumPy alone: once, on the CPU, whatever the devices
    implementations  the benchmarks' columns: "numpy", "torch-cpu", "torch-cuda", "sklearn"
    outline          "classes" or "functions": what the contract test compares of both files
    library          None for models with fit and predict; for a library of functions or
                     optimizers, why the battery's fit-and-predict checks do not apply
    library_checks   the battery checks a library does take
    delegated        None, or why every battery check is left to the pair this one builds on
    """

    name = ""
    checks: ClassVar[dict] = {}
    float64_only = ()
    scratch_only = ()
    implementations = ()
    outline = "classes"
    library = None
    library_checks = ("noncontiguous_readonly", "same_seed", "inputs_unchanged")
    delegated = None

    def __repr__(self):
        return f"<{self.name} kind>"

    # --- cases -------------------------------------------------------------------------------

    def variants(self, spec):
        """The names under which a pair's cases run: its variants, or "" for the pair alone."""
        return tuple(spec.variants) or ("",)

    def with_variant(self, pair, variant):
        """The pair with one variant's hyperparameters merged into its spec.

        A variant may also replace spec fields under the key "spec": the regressor variant of
        a classifier pair names its own model, data, targets and outputs."""
        if not variant or not pair.spec.variants:
            return pair
        overrides = dict(pair.spec.variants[variant])
        fields = overrides.pop("spec", {})
        spec = dataclasses.replace(pair.spec, hyperparams={**pair.spec.hyperparams,
                                                           **overrides}, **fields)
        return dataclasses.replace(pair, spec=spec)

    def problem(self, pair, dtype, seed, variant):
        """The seeded problem one case of the pair runs on."""
        raise NotImplementedError

    # --- what the pair defines -------------------------------------------------------------

    def public_names(self, pair):
        """The names both files must define: the spec's model class by default."""
        return [pair.spec.model]

    def classes(self, pair):
        """The classes whose hyperparameters are declared, as (scratch, framework) pairs."""
        return [(getattr(pair.scratch, pair.spec.model), getattr(pair.framework,
                                                                 pair.spec.model))]

    # --- benchmarks and figures ---------------------------------------------------------------

    def bench_loops(self, pair):
        """The names of the pair's timed loops."""
        return ()

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """A callable that runs one loop once, on `implementation`, at size (N, D)."""
        raise NotImplementedError

    def figures(self, pair, folder):
        """Draw the pair's figures into `folder`; their paths."""
        return []

    # --- the battery --------------------------------------------------------------------------

    def opt_outs(self, pair):
        """{battery check: reason} that this pair skips because of what it is."""
        return {}

    def battery_runs(self, pair, seed=0):
        """[(description, inputs, run(side, inputs) -> results)]: what the battery's
        determinism, mutation and memory-layout checks run on both sides."""
        return []

    def hyperparameter_runs(self, pair):
        """[(class name, declared constraints, run(side, overrides))]: how the battery builds
        (and fits) each of the pair's classes with one hyperparameter overridden."""
        return []


class ModelKind(Kind):
    """Pairs of models with fit and predict (gradient-trained and scikit-learn style): the
    battery builds them, fits them on small problems and feeds them bad input.

    Subclasses say how a model of one side is built (`make`), what a fitted one says
    (`outputs`), how a small valid problem is drawn (`small_problem`), and how the battery's
    extreme-values check runs (`agree_at_scale`)."""

    fit_settings: ClassVar[dict] = {}        # what makes two fits from one seed comparable
    tolerance_check = "fit"                  # the check whose tolerance the battery uses

    def features(self, pair):
        """Columns of the battery's small problems."""
        return 3

    def make(self, pair, side, n_features=None, **overrides):
        """An unfitted model of one side ("scratch" or "framework"), on the CPU."""
        raise NotImplementedError

    def small_problem(self, pair, n_samples, n_features=None, seed=0):
        """A small valid (X, y) for the battery."""
        raise NotImplementedError

    def outputs(self, pair, model, X):
        """What a fitted model says: its parameters or attributes, and its predictions."""
        raise NotImplementedError

    def answer(self, pair, model, X):
        """The fitted model's answer on X, which the battery feeds bad input."""
        return model.predict(X)

    def supervised(self, pair):
        return True

    def label_kind(self, pair):
        """"indices" (class labels 0..K-1), "any" (any integer labels) or "real"."""
        raise NotImplementedError

    def bad_targets(self, pair):
        """[(description, (X, y) -> bad (X, y), message fragment)]: targets of a wrong shape."""
        if not self.supervised(pair):
            return []
        return [("2-D y", lambda X, y: (X, y[:, None]), "y must be a 1-D array")]

    def agree_at_scale(self, pair, description, X, y):
        """Both sides agree on features scaled far from 1 (raise BatteryFailure if not)."""
        raise NotImplementedError

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
