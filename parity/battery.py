"""The robustness battery: one set of generic checks that every registered pair gets.

In the spirit of scikit-learn's `check_estimator`, each check is generated from the pair's spec
and runs on both sides:

    bad input      the same exception type and the same message, naming the problem
    edge cases     odd but valid data works, and both sides agree
    stability      extreme but finite inputs: no NaN, no inf, no warning, agreement
    training       fit's batches validated alike; a loss that overflows stops fit alike
    determinism    same seed twice, fit twice, pickle round trip: bit-identical
    mutation       the caller's arrays are unchanged, and read-only strided views work

The pair's kind says how its models are built, fitted and asked (parity.kinds); a library of
functions or optimizers takes the three checks that need no fit. A pair opts out of a check
only through its spec's `battery_opt_outs`, with the reason written next to it. A check raises
BatteryFailure with a message that says what went wrong.
"""

import pickle
import warnings

import numpy as np

from parity.compare import compare, flatten
from parity.tolerances import tolerance_for

N = 12
SIDES = ("scratch", "framework")


class BatteryFailure(AssertionError):
    """A battery check found a problem."""


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


# --- bad input ------------------------------------------------------------------------------

def same_error(description, call_for_side, expected):
    """Both sides raise the same ValueError, whose message contains `expected`."""
    same_refusal(description, {side: raised(lambda side=side: call_for_side(side))
                               for side in SIDES}, expected)


def same_refusal(description, said, expected):
    """said[side] is (exception type, message), or (None, "") where the side answered."""
    scratch, framework = said["scratch"], said["framework"]
    if scratch[0] is None or framework[0] is None:
        quiet = [side for side in SIDES if said[side][0] is None]
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


def bad_fit(pair, description, make_bad, expected):
    kind = pair.kind
    X, y = make_bad(*kind.small_problem(pair, N))
    same_error(f"fit with {description}", lambda side: kind.make(pair, side).fit(X, y),
               expected)


def bad_predict(pair, description, make_bad, expected):
    kind = pair.kind
    X_good, y_good = kind.small_problem(pair, N)
    X_bad = make_bad(X_good)
    same_error(f"predict with {description}", lambda side: kind.answer(
        pair, kind.make(pair, side).fit(X_good, y_good), X_bad), expected)


def check_nan(pair):
    bad_fit(pair, "NaN in X", lambda X, y: (with_value(X, np.nan), y), "X contains NaN")
    bad_predict(pair, "NaN in X", lambda X: with_value(X, np.nan), "X contains NaN")
    if pair.kind.supervised(pair):
        y_name = pair.kind.target_name(pair)
        expected = (pair.kind.integer_labels(pair) if pair.kind.label_kind(pair) == "indices"
                    else f"{y_name} contains NaN")
        bad_fit(pair, f"NaN in {y_name}", lambda X, y: (X, with_value(y, np.nan)), expected)


def check_inf(pair):
    for value in (np.inf, -np.inf):
        bad_fit(pair, f"{value} in X", lambda X, y, v=value: (with_value(X, v), y),
                "X contains infinity")
        bad_predict(pair, f"{value} in X", lambda X, v=value: with_value(X, v),
                    "X contains infinity")
    if pair.kind.supervised(pair):
        y_name = pair.kind.target_name(pair)
        expected = (pair.kind.integer_labels(pair) if pair.kind.label_kind(pair) == "indices"
                    else f"{y_name} contains infinity")
        bad_fit(pair, f"inf in {y_name}", lambda X, y: (X, with_value(y, np.inf)), expected)


def check_ndim(pair):
    bad_fit(pair, "1-D X", lambda X, y: (X[:, 0], y), "X must be a 2-D array")
    bad_fit(pair, "3-D X", lambda X, y: (X[:, :, None], y), "X must be a 2-D array")
    bad_predict(pair, "1-D X", lambda X: X[0], "X must be a 2-D array")
    for description, make_bad, expected in pair.kind.bad_targets(pair):
        bad_fit(pair, description, make_bad, expected)


def check_wrong_type(pair):
    bad_fit(pair, "X of strings", lambda X, y: (X.astype(str), y), "X must hold numbers")
    bad_fit(pair, "complex X", lambda X, y: (X + 1j, y), "X must hold real numbers")
    bad_predict(pair, "X of strings", lambda X: X.astype(str), "X must hold numbers")


def check_length_mismatch(pair):
    y_name = pair.kind.target_name(pair)
    bad_fit(pair, f"{y_name} shorter than X", lambda X, y: (X, y[:-1]),
            f"X has {N} samples, but {y_name} has {N - 1}")


def check_empty(pair):
    bad_fit(pair, "no samples", lambda X, y: (X[:0], y[:0]), "X is empty")
    bad_predict(pair, "no samples", lambda X: X[:0], "X is empty")


def check_zero_features(pair):
    bad_fit(pair, "no features", lambda X, y: (X[:, :0], y), "X has 0 features")


def check_bad_labels(pair):
    labels = pair.kind.label_kind(pair)
    if labels == "indices":                    # class indices 0..K-1
        for value in (-1, 10**6, 0.5):
            bad_fit(pair, f"label {value}", lambda X, y, v=value: (X, with_value(y, v)),
                    pair.kind.integer_labels(pair))
        expected = pair.kind.integer_labels(pair)
    else:
        if labels == "any":                    # a classifier's labels, any whole values
            bad_fit(pair, "continuous labels", lambda X, y: (X, y + 0.5),
                    "y must hold class labels")
        expected = f"{pair.kind.target_name(pair)} must hold real numbers"
    bad_fit(pair, "labels as strings", lambda X, y: (X, y.astype(str)), expected)


def check_hyperparameters(pair):
    """Every constraint the pair's classes declare (algorithms/_params.py), probed on both
    sides: a wrong type, a bool for a number, a string for a flag, a value out of range, an
    unknown choice. Each must be refused alike, by a message that names the hyperparameter."""
    runs = pair.kind.hyperparameter_runs(pair)
    if not runs:
        raise BatteryFailure("the pair's classes declare no hyperparameters to probe")
    for class_name, declared, run in runs:
        if not declared:
            raise BatteryFailure(f"{class_name} declares no hyperparameters")
        for name, constraint in declared.items():
            for value in constraint.probes():
                same_error(f"{class_name}({name}={value!r})",
                           lambda side, o={name: value}, run=run: run(side, o),
                           f"{name} must be ")


def check_hyperparameter_combinations(pair):
    """What no single declaration can say: hyperparameters that contradict each other or the
    data (the spec's invalid_hyperparams), refused alike by both sides."""
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    for overrides, expected in pair.spec.invalid_hyperparams:
        same_error(f"hyperparameters {overrides}",
                   lambda side, o=overrides: kind.make(pair, side, **o).fit(X, y), expected)


def check_predict_before_fit(pair):
    kind = pair.kind
    X, _ = kind.small_problem(pair, N)
    same_error("predict before fit", lambda side: kind.answer(pair, kind.make(pair, side), X),
               "not fitted yet")


def check_n_features_mismatch(pair):
    D = pair.kind.features(pair)
    bad_predict(pair, "one feature more than fit saw", lambda X: np.hstack([X, X[:, :1]]),
                f"X has {D + 1} features")


# --- edge cases -----------------------------------------------------------------------------

def agree(pair, description, X, y, X_test=None, check=None):
    """Both sides fit (X, y), say the same about X_test, and say nothing non-finite: within
    the tolerance of the kind's tolerance check, or of `check` where the spec gives it one
    (extreme_values: data far from scale 1 can be worse conditioned than parity's)."""
    kind = pair.kind
    X_test = X if X_test is None else X_test
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            fitted = [kind.make(pair, side, n_features=np.shape(X)[1]).fit(X, y)
                      for side in SIDES]
            said = [kind.outputs(pair, model, X_test) for model in fitted]
        except Exception as error:
            raise BatteryFailure(f"{description}: {type(error).__name__}: {error}") from error
    # where both sides keep float32 (as scikit-learn's PCA does), float32's tolerance applies
    computed = {np.asarray(value).dtype for value in flatten(said[1]).values()}
    dtype = "float32" if np.dtype(np.float32) in computed else "float64"
    if check is None or (check, dtype) not in pair.spec.tolerances:
        check = kind.tolerance_check
    result = compare(*said, tolerance_for(check, dtype, pair.spec.tolerances))
    if not result.ok:
        raise BatteryFailure(f"{description}: the sides disagree\n{result.describe()}")


def check_one_sample(pair):
    X, y = pair.kind.small_problem(pair, N)
    agree(pair, "fit on one sample", X[:1], y[:1], X)
    agree(pair, "fit and predict on one sample", X[:1], y[:1])


def check_one_feature(pair):
    X, y = pair.kind.small_problem(pair, N, n_features=1)
    agree(pair, "one feature", X, y)


def check_constant_feature(pair):
    X, y = pair.kind.small_problem(pair, N)
    X[:, 0] = 1 if np.issubdtype(X.dtype, np.integer) else 2.5     # a token id: a whole one
    agree(pair, "a constant feature", X, y)


def check_duplicate_rows(pair):
    X, y = pair.kind.small_problem(pair, N)
    agree(pair, "every row twice", np.vstack([X, X]), np.concatenate([y, y]), X)


def check_separable(pair):
    X, y = pair.kind.small_problem(pair, N)
    if pair.kind.label_kind(pair) == "real":
        y = X @ np.arange(1.0, X.shape[1] + 1)          # exact, noise-free linear targets
    else:
        classes = np.unique(y)
        X = X + 10.0 * np.searchsorted(classes, y)[:, None]   # classes far apart
    agree(pair, "separable data", X, y)


def check_float32_input(pair):
    X, y = pair.kind.small_problem(pair, N)
    agree(pair, "float32 X", X.astype(np.float32), y)


def check_integer_input(pair):
    X, y = pair.kind.small_problem(pair, N)
    agree(pair, "integer X", np.round(3 * X).astype(np.int64), y)


# --- numerical stability --------------------------------------------------------------------

def check_extreme_values(pair):
    """Features scaled by 1e6 and by 1e-6: the kind says how both sides must agree on them
    (gradient pairs from unit-scale weights, past exp's overflow; estimators fitted)."""
    X, y = pair.kind.small_problem(pair, N)
    for scale in (1e6, 1e-6):
        pair.kind.agree_at_scale(pair, f"features scaled by {scale:g}", X * scale, y)


def fit_and_ask(pair, X, y, **overrides):
    """({side: outputs on X}, {side: (exception type, message), or (None, "") where it
    answered}) of a fresh model of each side fitted on X, y. Warnings are ignored: overflow on
    the way is allowed, the answer is what counts."""
    kind, answers = pair.kind, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        refusals = {side: raised(lambda side=side: answers.__setitem__(side, kind.outputs(
            pair, kind.make(pair, side, **overrides).fit(X, y), X))) for side in SIDES}
    return answers, refusals


def check_huge_values(pair):
    """Features far past the usual scale. Every value near 1e300 (beyond squaring in float64):
    both sides raise the same error, or give the same finite answers. One value of 1e39
    (beyond float32): where the framework refuses it, the scratch side refuses it alike;
    where it answers, the scratch side answers without NaN or inf (which neighbour wins among
    distances equal to float64's precision is not defined, so the answers are not compared).
    Warnings on the way (NumPy's overflow, k-means finding fewer distinct clusters) are
    allowed."""
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    tolerance = tolerance_for(kind.tolerance_check, "float64", pair.spec.tolerances)
    for description, X_huge, compared in (("every value near 1e300", X * 1e300, True),
                                          ("a value of 1e39", with_value(X, 1e39), False)):
        answers, refusals = fit_and_ask(pair, X_huge, y, n_features=X.shape[1])
        if any(error_type for error_type, _ in refusals.values()):
            if refusals["scratch"] != refusals["framework"]:
                raise BatteryFailure(f"{description}: the sides part ways\n" + "\n".join(
                    f"  {side}: " + (f"{error_type.__name__}: {message}" if error_type
                                     else "answered")
                    for side, (error_type, message) in refusals.items()))
            continue
        reference = answers["framework"] if compared else answers["scratch"]  # or finite only
        result = compare(answers["scratch"], reference, tolerance)
        if not result.ok:
            raise BatteryFailure(f"{description}: {result.describe()}")


# --- training -------------------------------------------------------------------------------

BAD_BATCHES = (("fractional indices", [np.array([0.5, 1.5])]),
               ("an empty batch", [np.array([], dtype=np.int64)]),
               ("an index past the last sample", [np.array([0, N])]),
               ("a negative index", [np.array([-1, 0])]),
               ("a 2-D batch", [np.zeros((2, 2), dtype=np.int64)]))


def check_bad_batches(pair):
    """fit(X, y, batches) validates the order of training once: fractional, empty, 2-D and
    out-of-range index arrays get the same ValueError on both sides, before any step."""
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    for description, batches in BAD_BATCHES:
        same_error(f"fit with {description}", lambda side, batches=batches: kind.make(
            pair, side).fit(X, y, batches=batches), "batches must be non-empty 1-D arrays")


def check_divergence(pair):
    """A fit pushed to overflow (the kind's diverging hyperparameters: a learning rate of
    1e300). Where the loss leaves the floats, fit stops with the same TrainingDiverged on both
    sides, naming the step, rather than returning a model that predicts NaN; where the loss
    stays finite (cross-entropy's gradient is bounded), both sides answer without NaN or inf."""
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    overrides = {**kind.fit_settings, **kind.diverging(pair)}
    description = "fit with " + ", ".join(f"{name}={value:g}" for name, value
                                          in kind.diverging(pair).items())
    answers, refusals = fit_and_ask(pair, X, y, **overrides)
    if any(error_type for error_type, _ in refusals.values()):
        same_refusal(description, refusals, "training diverged")
        return
    for side in SIDES:
        result = compare(answers[side], answers[side], tolerance=None, exact=True)
        if not result.ok:
            raise BatteryFailure(f"{description}: {side} answers with NaN or inf, without "
                                 f"an error\n{result.describe()}")


# --- determinism ----------------------------------------------------------------------------

def identical(description, first, second):
    # equal_nan: an infinity or NaN in the same place is the same result (a ROC curve's first
    # threshold is +inf); whether a result may hold one at all is for other checks to say
    result = compare(first, second, tolerance=None, check_dtype=True, exact=True, equal_nan=True)
    if not result.ok:
        raise BatteryFailure(f"{description}: not bit-identical\n{result.describe()}")


def check_same_seed(pair):
    for description, inputs, run in pair.kind.battery_runs(pair):
        for side in SIDES:
            identical(f"{side} {description}: twice on the same inputs (one seed)",
                      run(side, inputs), run(side, inputs))


def check_idempotent_fit(pair):
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    for side in SIDES:
        model = kind.make(pair, side, **kind.fit_settings)
        first = kind.outputs(pair, model.fit(X, y), X)
        identical(f"{side}: fit twice on the same data", first,
                  kind.outputs(pair, model.fit(X, y), X))


def check_pickle(pair):
    kind = pair.kind
    X, y = kind.small_problem(pair, N)
    for side in SIDES:
        model = kind.make(pair, side).fit(X, y)
        try:
            restored = pickle.loads(pickle.dumps(model))
        except Exception as error:
            raise BatteryFailure(f"{side}: pickle round trip: {type(error).__name__}: "
                                 f"{error}") from error
        identical(f"{side}: after a pickle round trip", kind.outputs(pair, model, X),
                  kind.outputs(pair, restored, X))


# --- mutation and memory layout ------------------------------------------------------------

def check_noncontiguous_readonly(pair):
    """Read-only, strided views of the inputs give what contiguous copies give, per side."""
    for description, inputs, run in pair.kind.battery_runs(pair):
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
            identical(f"{side} {description}: read-only, strided inputs",
                      run(side, [np.array(a) for a in inputs]), got)


def check_inputs_unchanged(pair):
    for description, inputs, run in pair.kind.battery_runs(pair):
        for side in SIDES:
            copies = [np.array(a, copy=True) for a in inputs]
            run(side, inputs)
            if not all(np.array_equal(a, b) for a, b in zip(inputs, copies, strict=True)):
                raise BatteryFailure(f"{side} {description}: changed the caller's arrays")


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
    "hyperparameter_combinations": check_hyperparameter_combinations,
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
    "huge_values": check_huge_values,
    "bad_batches": check_bad_batches,
    "divergence": check_divergence,
    "same_seed": check_same_seed,
    "idempotent_fit": check_idempotent_fit,
    "pickle": check_pickle,
    "inputs_unchanged": check_inputs_unchanged,
}
NO_COMBINATIONS = ("each hyperparameter constrains only itself (the hyperparameters check probes "
                   "every one): none contradicts another or the data")


def opt_outs(pair):
    """{battery check: reason} that the pair skips: its kind's, then its spec's own."""
    reasons = {**pair.kind.opt_outs(pair, BATTERY), **pair.spec.battery_opt_outs}
    if not pair.spec.invalid_hyperparams:
        reasons.setdefault("hyperparameter_combinations", NO_COMBINATIONS)
    unknown = set(reasons) - set(BATTERY)
    if unknown:
        raise ValueError(f"{pair.name}: opts out of unknown battery checks {sorted(unknown)}")
    for check, reason in reasons.items():
        if not reason.strip():
            raise ValueError(f"{pair.name}: the opt-out from {check} must state a reason")
    return reasons


def battery_cases(pairs):
    """(pair, check, opt-out reason or None) for every pair and battery check."""
    for pair in pairs:
        reasons = opt_outs(pair)
        for check in BATTERY:
            yield pair, check, reasons.get(check)


def run_battery(pair, check):
    """Run one battery check; None when it passes, else the failure message."""
    try:
        BATTERY[check](pair)
    except BatteryFailure as failure:
        return str(failure)
    except Exception as error:  # an unexpected crash is a failure too, never a traceback
        return f"crashed: {type(error).__name__}: {error}"
    return None
