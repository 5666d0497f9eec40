"""Bad input gets the same clear error on both sides of every pair.

The cases are generated from each pair's spec, so a new pair is held to them without an edit
here. Both sides must raise the same exception type with the same message, and the message must
name the problem.
"""

import numpy as np
import pytest

from parity.checks import build_framework, build_scratch
from parity.registry import discover

PAIRS = discover()
GRADIENT_PAIRS = [pair for pair in PAIRS if pair.kind == "gradient"]
N, D = 12, 3


def problem(pair):
    """N samples with D features: random for gradient pairs, a random subset of the spec's
    data (its first D features) for estimators."""
    rng = np.random.default_rng(0)
    if pair.kind == "gradient":
        return rng.standard_normal((N, D)), pair.spec.targets(rng, N)
    X, y = pair.spec.data(rng)
    rows = rng.choice(len(X), size=N, replace=False)
    return X[rows, :D], y[rows]


def make(pair, side, n_features=D, **overrides):
    """An unfitted model of one side ("scratch" or "framework") on the CPU."""
    dtype = overrides.pop("dtype", "float64")
    if pair.kind == "gradient":
        if side == "scratch":
            return build_scratch(pair, n_features, dtype, **overrides)
        return build_framework(pair, n_features, dtype, "cpu", **overrides)
    module = pair.scratch if side == "scratch" else pair.framework
    return getattr(module, pair.spec.model)(**{**pair.spec.hyperparams, **overrides})


def is_gradient_classifier(pair):
    return pair.kind == "gradient" and np.issubdtype(problem(pair)[1].dtype, np.integer)


def with_value(array, value):
    array = np.array(array, dtype=np.float64)
    array.flat[3] = value
    return array


FIT_CASES = {
    "X with NaN": (lambda X, y: (with_value(X, np.nan), y), "X contains NaN"),
    "X with inf": (lambda X, y: (with_value(X, np.inf), y), "X contains infinity"),
    "X with -inf": (lambda X, y: (with_value(X, -np.inf), y), "X contains infinity"),
    "X 1-D": (lambda X, y: (X[:, 0], y), "X must be a 2-D array"),
    "X 3-D": (lambda X, y: (X[:, :, None], y), "X must be a 2-D array"),
    "X of strings": (lambda X, y: (X.astype(str), y), "X must hold numbers"),
    "X empty": (lambda X, y: (X[:0], y[:0]), "X is empty"),
    "X without features": (lambda X, y: (X[:, :0], y), "X has 0 features"),
    "X wider than the model": (lambda X, y: (np.hstack([X, X]), y), f"X has {2 * D} features"),
    "y shorter than X": (lambda X, y: (X, y[:-1]), "X has 12 samples, but y has 11"),
    "y 2-D": (lambda X, y: (X, y[:, None]), "y must be a 1-D array"),
}
REGRESSION_CASES = {
    "y with NaN": (lambda X, y: (X, with_value(y, np.nan)), "y contains NaN"),
    "y with inf": (lambda X, y: (X, with_value(y, np.inf)), "y contains infinity"),
}
CLASSIFICATION_CASES = {
    "label -1": (lambda X, y: (X, with_value(y, -1)), "integer class labels"),
    "label too large": (lambda X, y: (X, with_value(y, 10**6)), "integer class labels"),
    "label 0.5": (lambda X, y: (X, with_value(y, 0.5)), "integer class labels"),
    "label NaN": (lambda X, y: (X, with_value(y, np.nan)), "integer class labels"),
    "labels as strings": (lambda X, y: (X, y.astype(str)), "integer class labels"),
}
PREDICT_CASES = {name: FIT_CASES[name] for name in
                 ("X with NaN", "X with inf", "X 1-D", "X empty", "X wider than the model")}
HYPERPARAMETERS = {
    "negative lr": ({"lr": -0.1}, "lr must be > 0"),
    "zero lr": ({"lr": 0.0}, "lr must be > 0"),
    "NaN lr": ({"lr": float("nan")}, "lr must be finite"),
    "lr as a string": ({"lr": "0.1"}, "lr must be a number"),
    "negative epochs": ({"epochs": -1}, "epochs must be >= 0"),
    "fractional epochs": ({"epochs": 2.5}, "epochs must be an integer"),
    "zero batch size": ({"batch_size": 0}, "batch_size must be >= 1"),
    "integer dtype": ({"dtype": np.int64}, "dtype must be float32 or float64"),
}


def raised(call):
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is compared across sides
        call()
    return type(info.value), str(info.value)


def fit_cases():
    for pair in PAIRS:
        extra = CLASSIFICATION_CASES if is_gradient_classifier(pair) else REGRESSION_CASES
        for name, case in {**FIT_CASES, **extra}.items():
            if pair.kind == "estimator" and name == "X wider than the model":
                continue                      # an estimator learns its width in fit
            yield pytest.param(pair, case, id=f"{pair.name}-fit-{name}")


@pytest.mark.parametrize(("pair", "case"), list(fit_cases()))
def test_fit_rejects_bad_input_the_same_way(pair, case):
    make_bad, expected = case
    X, y = make_bad(*problem(pair))
    scratch = raised(lambda: make(pair, "scratch").fit(X, y))
    framework = raised(lambda: make(pair, "framework").fit(X, y))
    assert scratch == framework
    assert scratch[0] is ValueError
    assert expected in scratch[1]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", PREDICT_CASES)
def test_predict_rejects_bad_input_the_same_way(pair, name):
    make_bad, expected = PREDICT_CASES[name]
    X_good, y_good = problem(pair)
    X, _ = make_bad(X_good, y_good)
    scratch = raised(lambda: make(pair, "scratch").fit(X_good, y_good).predict(X))
    framework = raised(lambda: make(pair, "framework").fit(X_good, y_good).predict(X))
    assert scratch == framework
    assert expected in scratch[1]


@pytest.mark.parametrize("pair", [p for p in PAIRS if p.kind == "estimator"], ids=lambda p: p.name)
def test_predict_before_fit_is_refused_the_same_way(pair):
    X, _ = problem(pair)
    scratch = raised(lambda: make(pair, "scratch").predict(X))
    assert scratch == raised(lambda: make(pair, "framework").predict(X))
    assert "not fitted yet" in scratch[1]
    assert issubclass(scratch[0], ValueError)


@pytest.mark.parametrize("pair", GRADIENT_PAIRS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", HYPERPARAMETERS)
def test_impossible_hyperparameters_are_refused_the_same_way(pair, name):
    overrides, expected = HYPERPARAMETERS[name]
    scratch = raised(lambda: make(pair, "scratch", **overrides))
    framework = raised(lambda: make(pair, "framework", **overrides))
    assert scratch == framework
    assert expected in scratch[1]


@pytest.mark.parametrize("pair", GRADIENT_PAIRS, ids=lambda p: p.name)
def test_zero_features_model_is_refused(pair):
    scratch = raised(lambda: make(pair, "scratch", n_features=0))
    assert scratch == raised(lambda: make(pair, "framework", n_features=0))
    assert "n_features must be >= 1" in scratch[1]


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_odd_but_valid_arrays_work_and_are_left_untouched(pair):
    """Read-only, non-contiguous, integer and float32 input: accepted, unchanged, same answer."""
    X, y = problem(pair)
    X_odd = np.repeat(X, 2, axis=0)[::2]          # a strided view: not contiguous
    y_odd = np.repeat(y, 2)[::2]
    X_odd.setflags(write=False)
    y_odd.setflags(write=False)
    X_copy, y_copy = X_odd.copy(), y_odd.copy()
    reference = make(pair, "scratch").fit(X, y).predict(X)
    for model in (make(pair, "scratch"), make(pair, "framework")):
        np.testing.assert_allclose(model.fit(X_odd, y_odd).predict(X_odd), reference,
                                   rtol=1e-7, atol=1e-7)
        model.predict(np.round(X_odd).astype(np.int64))
        model.predict(X_odd.astype(np.float32))
    np.testing.assert_array_equal(X_odd, X_copy)
    np.testing.assert_array_equal(y_odd, y_copy)
