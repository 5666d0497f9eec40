"""Estimator pairs: scikit-learn's contract on both sides, fitted attributes compared.

fit(X, y) -> self validates and learns attributes ending in "_" (scikit-learn's names);
predict(X) (or the spec's other outputs) answers; both raise NotFittedError before fit.
"""

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from parity.compare import compare
from parity.kinds.base import ModelKind, Outcome, Problem, Spec, cast_data
from parity.seeding import make_rng


def attribute(model, name):
    """A fitted attribute by name; a dotted name reaches inside one ("tree_.threshold")."""
    return functools.reduce(getattr, name.split("."), model)


def fit_both(pair, X, y):
    """Both sides fitted on (X, y) with the spec's hyperparameters."""
    spec = pair.spec
    return tuple(getattr(module, spec.model)(**spec.hyperparams).fit(X, y)
                 for module in (pair.scratch, pair.framework))


# Tie-heavy forms of every estimator pair's data, run beside each of its variants: exact ties
# (equal distances, equal split scores, a decision of exactly 0) are where two
# implementations most often part ways, and continuous data never has them.
TIED_DATA = {
    "integer_X": np.round,                                 # a grid of whole numbers
    "boolean_X": lambda X: (np.median(X, axis=0) < X).astype(X.dtype),   # 0 or 1 per feature
}


def on_tied_data(spec, tie):
    """The spec with its data (and its queries, if any) passed through TIED_DATA[tie], and
    without the textbook forms that say why they do not run on ties."""
    tied = TIED_DATA[tie]

    def data(rng):
        X, y = spec.data(rng)
        return tied(X), y

    queries = None if spec.queries is None else (lambda rng, X: tied(spec.queries(rng, X)))
    textbook = tuple(form for form in spec.textbook if not form.not_on_ties)
    return dataclasses.replace(spec, data=data, queries=queries, textbook=textbook)


def check_fitted(pair, problem, tolerance, dtype, device):
    """The fitted attributes agree one to one, by scikit-learn's names."""
    scratch, framework = fit_both(pair, problem.X, problem.y)
    names = pair.spec.attributes
    return Outcome(compare({n: attribute(scratch, n) for n in names},
                           {n: attribute(framework, n) for n in names}, tolerance))


def check_predict(pair, problem, tolerance, dtype, device):
    """The outputs of predict (and the spec's other methods) agree after fit."""
    scratch, framework = fit_both(pair, problem.X, problem.y)
    methods = pair.spec.outputs
    X = problem.X if pair.spec.queries is None else pair.spec.queries(problem.rng, problem.X)
    return Outcome(compare({m: getattr(scratch, m)(X) for m in methods},
                           {m: getattr(framework, m)(X) for m in methods}, tolerance))


class EstimatorKind(ModelKind):
    name = "estimator"
    checks: ClassVar[dict] = {"fitted": check_fitted, "predict": check_predict}
    implementations = ("numpy", "sklearn")
    tolerance_check = "fitted"
    # An unsupervised estimator's fit ignores y, as scikit-learn's does: nothing to refuse.
    unsupervised_opt_outs: ClassVar[dict] = dict.fromkeys(
        ("length_mismatch", "bad_labels"),
        "unsupervised: fit(X, y) ignores y, as scikit-learn's does")

    def problem(self, pair, dtype, seed, variant):
        rng = make_rng(seed)
        X, y = cast_data(*pair.spec.data(rng), dtype)
        return Problem(X, y, {}, [], rng)

    def variants(self, spec):
        """The spec's variants, and each of them again on each tie-heavy form of its data
        ("ward+integer_X"; "integer_X" alone for a pair without variants) that the spec, or
        the variant's own, does not opt out of."""
        plain = super().variants(spec)

        def opted_out(variant):                      # a variant's own spec may opt out too
            fields = spec.variants.get(variant, {}).get("spec", {}) if variant else {}
            return fields.get("tie_opt_outs", spec.tie_opt_outs)

        return plain + tuple(f"{variant}+{tie}" if variant else tie for variant in plain
                             for tie in TIED_DATA if tie not in opted_out(variant))

    def with_variant(self, pair, variant):
        plain, tie = variant, ""
        for name in TIED_DATA:
            if variant == name or variant.endswith(f"+{name}"):
                plain, tie = variant.removesuffix(name).removesuffix("+"), name
        pair = super().with_variant(pair, plain)
        if not tie:
            return pair
        return dataclasses.replace(pair, spec=on_tied_data(pair.spec, tie))

    def opt_outs(self, pair, checks):
        reasons = {"bad_batches": "scikit-learn's fit takes no batches: it trains on all of X"}
        if not pair.spec.diverging:
            reasons["divergence"] = ("no step size to overflow: fit solves, counts or searches "
                                     "rather than descending a loss")
        if not pair.spec.supervised:
            reasons.update(self.unsupervised_opt_outs)
        return reasons

    def diverging(self, pair):
        return pair.spec.diverging

    # --- battery ---------------------------------------------------------------------------

    def make(self, pair, side, n_features=None, **overrides):
        module = pair.scratch if side == "scratch" else pair.framework
        return getattr(module, pair.spec.model)(**{**pair.spec.hyperparams, **overrides})

    def small_problem(self, pair, n_samples, n_features=None, seed=0):
        """A random subset of the spec's data, its first n_features columns."""
        n_features = self.features(pair) if n_features is None else n_features
        rng = np.random.default_rng(seed)
        X, y = pair.spec.data(rng)
        rows = rng.choice(len(X), size=n_samples, replace=False)
        return X[rows, :n_features], y[rows]

    def outputs(self, pair, model, X):
        said = {name: attribute(model, name) for name in pair.spec.attributes}
        said.update({method: getattr(model, method)(X) for method in pair.spec.outputs})
        return said

    def answer(self, pair, model, X):
        return getattr(model, pair.spec.predicts)(X)

    def supervised(self, pair):
        return pair.spec.supervised

    def label_kind(self, pair):
        y = self.small_problem(pair, 12)[1]
        return "any" if np.issubdtype(y.dtype, np.integer) else "real"

    def agree_at_scale(self, pair, description, X, y):
        from parity.battery import agree

        agree(pair, description, X, y, check="extreme_values")

    # --- benchmarks and figures ---------------------------------------------------------------

    def bench_loops(self, pair):
        return ("fit", pair.spec.predicts)

    def bench_run(self, pair, loop, implementation, N, D, rng):
        """fit, or the spec's `predicts` method, of one side, on float64 data."""
        if pair.spec.bench_data is None:
            X, y = rng.standard_normal((N, D)), pair.spec.targets(rng, N)
        else:
            X, y = pair.spec.bench_data(rng, N, D)
        module = pair.scratch if implementation == "numpy" else pair.framework
        model = getattr(module, pair.spec.model)(**pair.spec.hyperparams)
        if loop == "fit":
            return lambda: model.fit(X, y)
        model.fit(X, y)
        return lambda: getattr(model, loop)(X)

    def figures(self, pair, folder):
        from parity import plots

        pair = plots.first_variant(pair)
        paths = []
        if plots.is_classifier(pair):
            paths.append(plots.decision_regions(pair, folder / f"{pair.name}-regions.png"))
        elif "labels_" in pair.spec.attributes:                       # a clustering
            paths.append(plots.clusters(pair, folder / f"{pair.name}-clusters.png"))
        return paths + [figure(pair, folder) for figure in pair.spec.figures]

    def figure_fits(self, pair, X, y, **training):
        """Both sides fitted on (X, y), for the figures and the evaluation (an estimator keeps
        its own settings: `training` is the gradient kind's)."""
        return fit_both(pair, X, y)


ESTIMATOR = EstimatorKind()


@dataclass(frozen=True, kw_only=True)
class EstimatorSpec(Spec):
    """Two scikit-learn style estimators: fit(X, y) -> self, predict(X) (CONTRIBUTING.md)."""

    kind: ClassVar[object] = ESTIMATOR

    model: str                          # the class both files define
    data: Callable                      # rng -> (X, y) in float64
    attributes: tuple                   # fitted attributes compared ("tree_.threshold" reaches in)
    targets: Callable                   # (rng, n) -> y for synthetic X (benchmarks)
    hyperparams: dict = field(default_factory=dict)
    outputs: tuple = ("predict",)       # methods whose answers on X are compared after fit
    queries: Callable | None = None     # (rng, X) -> where outputs are compared; None: X itself
    bench_data: Callable | None = None  # (rng, N, D) -> (X, y) for the benchmarks
    predicts: str = "predict"           # the method the battery feeds bad input ("transform")
    supervised: bool = True             # False: fit ignores y (clustering, decomposition)
    diverging: dict = field(default_factory=dict)  # hyperparameters whose fit overflows
    tie_opt_outs: dict = field(default_factory=dict)  # {"integer_X" or "boolean_X": reason}
    figures: tuple = ()                 # (pair, folder) -> path: the pair's own figures
    check_estimator_opt_outs: dict = field(default_factory=dict)  # {model: {check: reason}}
    positive_only: bool = False         # X must be >= 0 (scikit-learn's tag)
    checks: tuple = ("fitted", "predict")
    dtypes: tuple = ("float64",)
    devices: tuple = ("cpu",)
    bench_sizes: tuple = ((256, 16), (4096, 16), (32768, 16))
    framework: str = "sklearn"
