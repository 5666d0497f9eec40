"""The robustness battery: one set of generic checks that every registered pair gets.

In the spirit of scikit-learn's `check_estimator`, each check is generated from the pair's spec
and runs on both sides:

    bad input      the same exception type and the same message, naming the problem
    edge cases     odd but valid data works, and both sides agree
    stability      extreme but finite inputs: no NaN, no inf, no warning, agreement
    determinism    same seed twice, fit twice, pickle round trip: bit-identical
    mutation       the caller's arrays are unchanged after fit and predict

A pair opts out of a check only through its spec's `battery_opt_outs`, with the reason
written next to it. A check raises BatteryFailure with a message that says what went wrong.
"""

import pickle
import warnings

import numpy as np

from parity.checks import (
    attribute,
    build_framework,
    build_scratch,
    language_model,
    synthetic_data,
    to_device,
)
from parity.compare import compare, flatten
from parity.tolerances import tolerance_for

N, D = 12, 3
SIDES = ("scratch", "framework")


class BatteryFailure(AssertionError):
    """A battery check found a problem."""


# --- models and data ------------------------------------------------------------------------

def features(pair):
    """Columns of the battery's small problems: D, or the pixels of the smallest image an image
    model takes (its spec's image_features)."""
    return getattr(pair.spec, "image_features", None) or D


def make(pair, side, n_features=None, **overrides):
    """An unfitted model of one side ("scratch" or "framework"), on the CPU, in float64.

    A gradient pair's framework side starts from the scratch side's initial parameters, as in
    parity: the two initializers draw from different generators.
    """
    n_features = features(pair) if n_features is None else n_features
    overrides = dict(overrides)
    dtype = overrides.pop("dtype", "float64")
    if pair.kind == "gradient":
        if side == "scratch":
            return build_scratch(pair, n_features, dtype, **overrides)
        model = build_framework(pair, n_features, dtype, "cpu", **overrides)  # its own checks
        model.load_state_dict(build_scratch(pair, n_features, dtype, **overrides).state_dict())
        return model
    module = pair.scratch if side == "scratch" else pair.framework
    return getattr(module, pair.spec.model)(**{**pair.spec.hyperparams, **overrides})


def problem(pair, n_samples=N, n_features=None, seed=0):
    """A small valid problem: random X (token ids for a language model) for gradient pairs, a
    random subset of the spec's data (its first n_features columns) for estimators."""
    n_features = features(pair) if n_features is None else n_features
    rng = np.random.default_rng(seed)
    if pair.kind == "gradient":
        return synthetic_data(pair, rng, n_samples, n_features)
    X, y = pair.spec.data(rng)
    rows = rng.choice(len(X), size=n_samples, replace=False)
    return X[rows, :n_features], y[rows]


def label_kind(pair):
    """"indices" (0..K-1, gradient classifiers), "any" (estimator labels) or "real"."""
    y = problem(pair)[1]
    if not np.issubdtype(y.dtype, np.integer):
        return "real"
    return "indices" if pair.kind == "gradient" else "any"


def outputs(pair, model, X):
    """What a fitted model says about X: its parameters or attributes and its predictions."""
    if pair.kind == "gradient":
        return {"params": model.state_dict(), "predict": model.predict(X)}
    said = {name: attribute(model, name) for name in pair.spec.attributes}
    said.update({method: getattr(model, method)(X) for method in pair.spec.outputs})
    return said


def answer(pair, model, X):
    """The fitted model's answer on X: predict, or the spec's `predicts` method (transform)."""
    return getattr(model, getattr(pair.spec, "predicts", "predict"))(X)


def supervised(pair):
    return getattr(pair.spec, "supervised", True)


def raised(call):
    """(exception type, message) of what `call` raises, or (None, "") if it returns."""
    try:
        call()
    except Exception as error:  # the type itself is what is compared across sides
        return type(error), str(error)
    return None, ""


def with_value(array, value, index=3):
    array = np.array(array, dtype=np.float64)
    array.flat[index] = value
    return array


def library_runs(pair, seed=0):
    """For function, optimizer and metric pairs: [(description, inputs, run(side, inputs) ->
    results)]. A metric pair: each plain case's call.

    A function pair: each function's forward and backward on its spec's inputs. An optimizer
    pair: five steps of each setting from the spec's shapes, with fixed gradients.
    """
    from parity.checks import both_function_sides, cast_inputs

    rng = np.random.default_rng(seed)
    runs = []
    if pair.kind == "metric":
        for name, case in pair.spec.cases.items():
            if case.expect:
                continue

            def run(side, inputs, case=case):
                return case.call(pair.scratch if side == "scratch" else pair.framework, inputs)

            runs.append((name, list(case.inputs(rng)), run))
        return runs
    if pair.kind == "function":
        for name, maker in pair.spec.functions.items():
            inputs = list(cast_inputs(maker(rng, 6, 4), np.float64))
            copies = [np.array(a) for a in inputs]        # a faulty f may write into its inputs
            output = pair.spec.function(pair.scratch, name)(*copies)
            grad_output = np.ones(np.shape(output))

            def run(side, inputs, name=name, grad_output=grad_output):
                ours, theirs = both_function_sides(pair, name, inputs, grad_output, "cpu")
                return ours if side == "scratch" else theirs

            runs.append((name, inputs, run))
        return runs
    for variant, (class_name, hyperparams) in pair.spec.optimizers.items():
        init = [rng.standard_normal(shape) for shape in pair.spec.shapes.values()]
        grads = [rng.standard_normal(shape) for shape in pair.spec.shapes.values()]

        def run(side, inputs, class_name=class_name, hyperparams=hyperparams):
            names = list(pair.spec.shapes)
            half = len(inputs) // 2
            params, gradients = dict(zip(names, inputs[:half], strict=True)), dict(
                zip(names, inputs[half:], strict=True))
            module = pair.scratch if side == "scratch" else pair.framework
            optimizer = getattr(module, class_name)(params, **hyperparams)
            for _ in range(5):
                optimizer.step(gradients)
            return dict(optimizer.params)

        runs.append((variant, init + grads, run))
    return runs


# --- bad input ------------------------------------------------------------------------------

def _same_error(pair, description, call_for_side, expected):
    """Both sides raise the same ValueError, whose message contains `expected`."""
    scratch, framework = (raised(lambda side=side: call_for_side(side)) for side in SIDES)
    if scratch[0] is None or framework[0] is None:
        quiet = [side for side, got in zip(SIDES, (scratch, framework), strict=True)
                 if got[0] is None]
        raise BatteryFailure(f"{description}: accepted without an error by {', '.join(quiet)}")
    if scratch != framework:
        raise BatteryFailure(
            f"{description}: the sides disagree\n"
            f"  scratch:   {scratch[0].__name__}: {scratch[1]}\n"
            f"  framework: {framework[0].__name__}: {framework[1]}")
    if not issubclass(scratch[0], ValueError):
        raise BatteryFailure(f"{description}: {scratch[0].__name__} ({scratch[1]}), "
                             "expected a ValueError")
    if expected not in scratch[1]:
        raise BatteryFailure(f"{description}: the message {scratch[1]!r} does not say "
                             f"{expected!r}")


def _bad_fit(pair, description, make_bad, expected):
    X, y = make_bad(*problem(pair))
    _same_error(pair, f"fit with {description}", lambda side: make(pair, side).fit(X, y),
                expected)


def _bad_predict(pair, description, make_bad, expected):
    X_good, y_good = problem(pair)
    X_bad = make_bad(X_good)
    _same_error(pair, f"predict with {description}",
                lambda side: answer(pair, make(pair, side).fit(X_good, y_good), X_bad),
                expected)


def check_nan(pair):
    _bad_fit(pair, "NaN in X", lambda X, y: (with_value(X, np.nan), y), "X contains NaN")
    _bad_predict(pair, "NaN in X", lambda X: with_value(X, np.nan), "X contains NaN")
    if not supervised(pair):
        return
    expected = "integer class labels" if label_kind(pair) == "indices" else "y contains NaN"
    _bad_fit(pair, "NaN in y", lambda X, y: (X, with_value(y, np.nan)), expected)


def check_inf(pair):
    for value in (np.inf, -np.inf):
        _bad_fit(pair, f"{value} in X", lambda X, y, v=value: (with_value(X, v), y),
                 "X contains infinity")
        _bad_predict(pair, f"{value} in X", lambda X, v=value: with_value(X, v),
                     "X contains infinity")
    if not supervised(pair):
        return
    expected = "integer class labels" if label_kind(pair) == "indices" else "y contains infinity"
    _bad_fit(pair, "inf in y", lambda X, y: (X, with_value(y, np.inf)), expected)


def check_ndim(pair):
    _bad_fit(pair, "1-D X", lambda X, y: (X[:, 0], y), "X must be a 2-D array")
    _bad_fit(pair, "3-D X", lambda X, y: (X[:, :, None], y), "X must be a 2-D array")
    _bad_predict(pair, "1-D X", lambda X: X[0], "X must be a 2-D array")
    if language_model(pair):
        _bad_fit(pair, "1-D y", lambda X, y: (X, y[:, 0]), "y must be a 2-D array")
        _bad_fit(pair, "3-D y", lambda X, y: (X, y[:, :, None]), "y must be a 2-D array")
        _bad_fit(pair, "y with one position less than X", lambda X, y: (X, y[:, :-1]),
                 f"y has {features(pair) - 1} positions, but X has {features(pair)}")
        _bad_fit(pair, "a token id out of the vocabulary", lambda X, y: (
            with_value(X, pair.spec.hyperparams["vocab"]), y), "integer token ids")
        _bad_fit(pair, "a fractional token id", lambda X, y: (with_value(X, 0.5), y),
                 "integer token ids")
        _bad_predict(pair, "a negative token id", lambda X: with_value(X, -1),
                     "integer token ids")
    elif supervised(pair):
        _bad_fit(pair, "2-D y", lambda X, y: (X, y[:, None]), "y must be a 1-D array")


def check_wrong_type(pair):
    _bad_fit(pair, "X of strings", lambda X, y: (X.astype(str), y), "X must hold numbers")
    _bad_fit(pair, "complex X", lambda X, y: (X + 1j, y), "X must hold real numbers")
    _bad_predict(pair, "X of strings", lambda X: X.astype(str), "X must hold numbers")


def check_length_mismatch(pair):
    _bad_fit(pair, "y shorter than X", lambda X, y: (X, y[:-1]),
             f"X has {N} samples, but y has {N - 1}")


def check_empty(pair):
    _bad_fit(pair, "no samples", lambda X, y: (X[:0], y[:0]), "X is empty")
    _bad_predict(pair, "no samples", lambda X: X[:0], "X is empty")


def check_zero_features(pair):
    _bad_fit(pair, "no features", lambda X, y: (X[:, :0], y), "X has 0 features")
    if pair.kind == "gradient":
        _same_error(pair, "a model built for 0 features", lambda side: make(pair, side, 0),
                    "n_features must be >= 1")


def check_bad_labels(pair):
    kind = label_kind(pair)
    if kind == "indices":
        for value in (-1, 10**6, 0.5):
            _bad_fit(pair, f"label {value}", lambda X, y, v=value: (X, with_value(y, v)),
                     "integer class labels")
        expected = "integer class labels"
    else:
        expected = "y must hold real numbers"
    _bad_fit(pair, "labels as strings", lambda X, y: (X, y.astype(str)), expected)


def check_hyperparameters(pair):
    if not pair.spec.invalid_hyperparams:
        raise BatteryFailure("the spec lists no invalid hyperparameters to try")
    X, y = problem(pair)
    for overrides, expected in pair.spec.invalid_hyperparams:
        _same_error(pair, f"hyperparameters {overrides}",
                    lambda side, o=overrides: make(pair, side, **o).fit(X, y), expected)


def check_predict_before_fit(pair):
    X, _ = problem(pair)
    _same_error(pair, "predict before fit", lambda side: answer(pair, make(pair, side), X),
                "not fitted yet")


def check_n_features_mismatch(pair):
    _bad_predict(pair, "one feature more than fit saw",
                 lambda X: np.hstack([X, X[:, :1]]), f"X has {features(pair) + 1} features")


# --- edge cases -----------------------------------------------------------------------------

def _tolerance(pair, dtype="float64"):
    check = "fit" if pair.kind == "gradient" else "fitted"
    return tolerance_for(check, dtype, pair.spec.tolerances)


def _agree(pair, description, X, y, X_test=None):
    """Both sides fit (X, y), say the same about X_test, and say nothing non-finite."""
    X_test = X if X_test is None else X_test
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            fitted = [make(pair, side, n_features=np.shape(X)[1]).fit(X, y) for side in SIDES]
            said = [outputs(pair, model, X_test) for model in fitted]
        except Exception as error:
            raise BatteryFailure(f"{description}: {type(error).__name__}: {error}") from error
    # where both sides keep float32 (as scikit-learn's PCA does), float32's tolerance applies
    computed = {np.asarray(value).dtype for value in flatten(said[1]).values()}
    dtype = "float32" if np.dtype(np.float32) in computed else "float64"
    result = compare(*said, _tolerance(pair, dtype))
    if not result.ok:
        raise BatteryFailure(f"{description}: the sides disagree\n{result.describe()}")


def check_one_sample(pair):
    X, y = problem(pair)
    _agree(pair, "fit on one sample", X[:1], y[:1], X)
    _agree(pair, "fit and predict on one sample", X[:1], y[:1])


def check_one_feature(pair):
    X, y = problem(pair, n_features=1)
    _agree(pair, "one feature", X, y)


def check_constant_feature(pair):
    X, y = problem(pair)
    X[:, 0] = 1 if language_model(pair) else 2.5                  # a token id: a whole one
    _agree(pair, "a constant feature", X, y)


def check_duplicate_rows(pair):
    X, y = problem(pair)
    _agree(pair, "every row twice", np.vstack([X, X]), np.concatenate([y, y]), X)


def check_separable(pair):
    X, y = problem(pair)
    if label_kind(pair) == "real":
        y = X @ np.arange(1.0, X.shape[1] + 1)          # exact, noise-free linear targets
    else:
        classes = np.unique(y)
        X = X + 10.0 * np.searchsorted(classes, y)[:, None]   # classes far apart
    _agree(pair, "separable data", X, y)


def check_float32_input(pair):
    X, y = problem(pair)
    _agree(pair, "float32 X", X.astype(np.float32), y)


def check_integer_input(pair):
    X, y = problem(pair)
    _agree(pair, "integer X", np.round(3 * X).astype(np.int64), y)


def check_noncontiguous_readonly(pair):
    if pair.kind in LIBRARY_KINDS:
        for description, inputs, run in library_runs(pair):
            views = [np.repeat(a, 2, axis=0)[::2] if np.ndim(a) else a for a in inputs]
            for view in views:
                if isinstance(view, np.ndarray):
                    view.setflags(write=False)
            for side in SIDES:
                try:
                    got = run(side, views)
                except Exception as error:
                    raise BatteryFailure(f"{side} {description}: read-only, strided inputs: "
                                         f"{type(error).__name__}: {error}") from error
                _identical(f"{side} {description}: read-only, strided inputs",
                           run(side, [np.array(a) for a in inputs]), got)
        return
    X, y = problem(pair)
    X_view = np.repeat(X, 2, axis=0)[::2]                    # strided: not contiguous
    y_view = np.repeat(y, 2, axis=0)[::2]
    X_view.setflags(write=False)
    y_view.setflags(write=False)
    _agree(pair, "read-only, non-contiguous arrays", X_view, y_view)


# --- numerical stability --------------------------------------------------------------------

def check_extreme_values(pair):
    """Features scaled by 1e6 and by 1e-6. Gradient pairs evaluate forward, gradients and
    predict from unit-scale weights (logits of order 1e6, far past exp's overflow); estimators
    fit and predict."""
    X, y = problem(pair)
    for scale in (1e6, 1e-6):
        if pair.kind == "estimator":
            _agree(pair, f"features scaled by {scale:g}", X * scale, y)
            continue
        _agree_untrained(pair, f"features scaled by {scale:g}", X * scale, y)


def _agree_untrained(pair, description, X, y):
    rng = np.random.default_rng(1)
    scratch, framework = make(pair, "scratch"), make(pair, "framework")
    init = {name: rng.standard_normal(np.shape(value))
            for name, value in scratch.state_dict().items()}
    scratch.load_state_dict(init)
    framework.load_state_dict(init)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            loss, grads = scratch.gradients(X, y)
            ours = {"forward": scratch.forward(X), "loss": loss, **grads,
                    "predict": scratch.predict(X)}
            loss_t, grads_t = framework.gradients(to_device(X, "cpu"), to_device(y, "cpu"))
            theirs = {"forward": framework.forward(to_device(X, "cpu")), "loss": loss_t,
                      **grads_t, "predict": framework.predict(X)}
        except Exception as error:
            raise BatteryFailure(f"{description}: {type(error).__name__}: {error}") from error
    result = compare(ours, theirs, _tolerance(pair))
    if not result.ok:
        raise BatteryFailure(f"{description}: {result.describe()}")


# --- determinism ----------------------------------------------------------------------------

def _fit_settings(pair):
    """Gradient pairs train with shuffled mini-batches, so the seed matters."""
    return {"batch_size": 5, "epochs": 3, "seed": 7} if pair.kind == "gradient" else {}


def _identical(description, first, second):
    # equal_nan: an infinity or NaN in the same place is the same result (a ROC curve's first
    # threshold is +inf); whether a result may hold one at all is for other checks to say
    result = compare(first, second, tolerance=None, check_dtype=True, exact=True, equal_nan=True)
    if not result.ok:
        raise BatteryFailure(f"{description}: not bit-identical\n{result.describe()}")


def check_same_seed(pair):
    if pair.kind in LIBRARY_KINDS:
        for description, inputs, run in library_runs(pair):
            for side in SIDES:
                _identical(f"{side} {description}: twice on the same inputs",
                           run(side, inputs), run(side, inputs))
        return
    X, y = problem(pair)
    settings = _fit_settings(pair)
    for side in SIDES:
        runs = [outputs(pair, make(pair, side, **settings).fit(X, y), X) for _ in range(2)]
        _identical(f"{side}: two fits from the same seed", *runs)


def check_idempotent_fit(pair):
    X, y = problem(pair)
    for side in SIDES:
        model = make(pair, side, **_fit_settings(pair))
        first = outputs(pair, model.fit(X, y), X)
        _identical(f"{side}: fit twice on the same data", first,
                   outputs(pair, model.fit(X, y), X))


def check_pickle(pair):
    X, y = problem(pair)
    for side in SIDES:
        model = make(pair, side).fit(X, y)
        try:
            restored = pickle.loads(pickle.dumps(model))
        except Exception as error:
            raise BatteryFailure(f"{side}: pickle round trip: {type(error).__name__}: "
                                 f"{error}") from error
        _identical(f"{side}: after a pickle round trip", outputs(pair, model, X),
                   outputs(pair, restored, X))


# --- mutation -------------------------------------------------------------------------------

def check_inputs_unchanged(pair):
    if pair.kind in LIBRARY_KINDS:
        for description, inputs, run in library_runs(pair):
            for side in SIDES:
                copies = [np.array(a, copy=True) for a in inputs]
                run(side, inputs)
                if not all(np.array_equal(a, b) for a, b in zip(inputs, copies, strict=True)):
                    raise BatteryFailure(f"{side} {description}: changed the caller's arrays")
        return
    X, y = problem(pair)
    for side in SIDES:
        X_caller, y_caller = X.copy(), y.copy()
        answer(pair, make(pair, side).fit(X_caller, y_caller), X_caller)
        for name, before, after in (("X", X, X_caller), ("y", y, y_caller)):
            if not np.array_equal(before, after):
                raise BatteryFailure(f"{side}: fit/predict changed the caller's {name}")


BATTERY = {
    "nan": check_nan,
    "inf": check_inf,
    "ndim": check_ndim,
    "wrong_type": check_wrong_type,
    "length_mismatch": check_length_mismatch,
    "empty": check_empty,
    "zero_features": check_zero_features,
    "bad_labels": check_bad_labels,
    "hyperparameters": check_hyperparameters,
    "predict_before_fit": check_predict_before_fit,
    "n_features_mismatch": check_n_features_mismatch,
    "one_sample": check_one_sample,
    "one_feature": check_one_feature,
    "constant_feature": check_constant_feature,
    "duplicate_rows": check_duplicate_rows,
    "separable": check_separable,
    "float32_input": check_float32_input,
    "integer_input": check_integer_input,
    "noncontiguous_readonly": check_noncontiguous_readonly,
    "extreme_values": check_extreme_values,
    "same_seed": check_same_seed,
    "idempotent_fit": check_idempotent_fit,
    "pickle": check_pickle,
    "inputs_unchanged": check_inputs_unchanged,
}


LIBRARY_KINDS = ("function", "optimizer", "metric")
# Function, optimizer and metric pairs have no fit or predict, so only these checks apply to them.
LIBRARY_CHECKS = ("noncontiguous_readonly", "same_seed", "inputs_unchanged")
# An unsupervised estimator's fit ignores y, as scikit-learn's do: nothing about y to refuse.
UNSUPERVISED_OPT_OUTS = dict.fromkeys(
    ("length_mismatch", "bad_labels"), "unsupervised: fit(X, y) ignores y, as scikit-learn's does")
LIBRARY_OPT_OUT = {
    "function": "a function takes tensors and passes NaN through unvalidated, as torch's "
                "functions do; there is no fit or predict (stability: the extremes check)",
    "optimizer": "an optimizer steps named arrays, with no fit, predict or data to validate",
    "metric": "a metric has no fit or predict; each bad input (NaN, inf, wrong shape, empty, "
              "bad labels, impossible options) is a parity case of its own, its error compared",
}


# Pairs whose every battery check is left to the pair they build on, with the reason.
DELEGATED = {
    "distributed": "the workers train the mlp pair's model, whose battery runs in full; each "
                   "fit here starts W processes, and its own bad input (batches that do not "
                   "split evenly, bad labels) is refused alike by both sides before any starts "
                   "(tests/test_pair_details.py)",
}


def battery_cases(pairs):
    """(pair, check, opt-out reason or None) for every pair and battery check."""
    for pair in pairs:
        if pair.kind in DELEGATED:
            for check in BATTERY:
                yield pair, check, DELEGATED[pair.kind]
            continue
        if pair.kind in LIBRARY_KINDS:
            for check in BATTERY:
                yield pair, check, (None if check in LIBRARY_CHECKS
                                    else LIBRARY_OPT_OUT[pair.kind])
            continue
        opt_outs = pair.spec.battery_opt_outs
        if not supervised(pair):
            opt_outs = {**UNSUPERVISED_OPT_OUTS, **opt_outs}
        unknown = set(opt_outs) - set(BATTERY)
        if unknown:
            raise ValueError(f"{pair.name}: opts out of unknown battery checks {sorted(unknown)}")
        for check in BATTERY:
            reason = opt_outs.get(check)
            if reason is not None and not reason.strip():
                raise ValueError(f"{pair.name}: the opt-out from {check} must state a reason")
            yield pair, check, reason


def run_battery(pair, check):
    """Run one battery check; None when it passes, else the failure message."""
    try:
        BATTERY[check](pair)
    except BatteryFailure as failure:
        return str(failure)
    except Exception as error:  # an unexpected crash is a failure too, never a traceback
        return f"crashed: {type(error).__name__}: {error}"
    return None
