"""Property tests of the metrics pair: on any small input hypothesis finds, the scratch metrics
and sklearn.metrics return the same value to the bit, warn the same warnings and raise the same
errors. Small label sets make the degenerate cases common: a single class, a class never
predicted, every score tied, weights of 0, one sample.
"""

import sys

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from parity.compare import compare
from parity.kinds import MetricCase
from parity.kinds.metric import outcome as metric_outcome
from parity.mutation import Mutant, mutate
from parity.registry import discover
from parity.tolerances import EXACT

(PAIR,) = discover(names=["metrics"])
AVERAGES = ("binary", "micro", "macro", "weighted", None)
ZERO_DIVISION = ("warn", 0, 1, float("nan"))


def assert_same(function, inputs, keywords=(), **options):
    """Both sides do the same with the call: value, warnings and error."""
    case = MetricCase(function, None, options, keywords=keywords)
    ours = metric_outcome(PAIR.scratch, case, inputs)
    theirs = metric_outcome(PAIR.framework, case, inputs)
    result = compare(ours, theirs, EXACT, equal_nan=True)
    assert result.ok, f"{function}({options}): {result.describe()}\n{theirs}"
    return theirs


@st.composite
def labels(draw, n_classes=4):
    """y_true and y_pred of one length 1..25 over up to n_classes labels, and maybe weights
    (some 0)."""
    n = draw(st.integers(1, 25))
    label = st.integers(0, draw(st.integers(0, n_classes - 1)))
    y_true = np.array(draw(st.lists(label, min_size=n, max_size=n)))
    y_pred = np.array(draw(st.lists(label, min_size=n, max_size=n)))
    return y_true, y_pred, draw(weights(n))


def weights(n):
    values = st.sampled_from([0.0, 0.5, 1.0, 2.5]) | st.floats(0, 3)
    return st.none() | arrays(np.float64, n, elements=values)


def with_weights(inputs):
    *arrays_, sample_weight = inputs
    if sample_weight is None:
        return tuple(arrays_), ()
    return (*arrays_, sample_weight), ("sample_weight",)


@given(labels(), st.sampled_from(AVERAGES), st.sampled_from(ZERO_DIVISION),
       st.sampled_from([0, 1, 2]), st.none() | st.lists(st.integers(0, 4), min_size=1,
                                                          max_size=3, unique=True),
       st.sampled_from([0.0, 0.5, 1.0, 2.0]))
# found by hypothesis: when no sample is right, scikit-learn's counts come out as floats
@example((np.array([0, 0, 0]), np.array([1, 1, 1]), None), None, "warn", 0, None, 0.0)
def test_precision_recall_f_agree(drawn, average, zero_division, pos_label, label_list, beta):
    inputs, keywords = with_weights(drawn)
    options = {"average": average, "zero_division": zero_division, "pos_label": pos_label,
               "labels": label_list}
    for function in ("precision_score", "recall_score", "f1_score"):
        assert_same(function, inputs, keywords, **options)
    assert_same("precision_recall_fscore_support", inputs, keywords, beta=beta, **options)


@given(labels(), st.none() | st.lists(st.integers(0, 4), max_size=4, unique=True),
       st.sampled_from(["true", "pred", "all", None]), st.booleans())
# found by hypothesis: weights, but no sample inside the labels: still a float matrix
@example((np.array([0, 0, 0, 0, 1]), np.array([1, 1, 1, 1, 0]), np.full(5, 0.5)), [0], None,
         False)
def test_accuracy_and_confusion_matrix_agree(drawn, label_list, normalize, count):
    inputs, keywords = with_weights(drawn)
    assert_same("accuracy_score", inputs, keywords, normalize=not count)
    assert_same("confusion_matrix", inputs, keywords, labels=label_list, normalize=normalize)


@given(labels(n_classes=5), st.booleans(), st.sampled_from(["linear", "quadratic", None]),
       st.none() | st.lists(st.integers(0, 5), min_size=1, max_size=4, unique=True),
       st.sampled_from([float("nan"), 0.0, -1.0]))
def test_agreement_metrics_agree(drawn, adjusted, weights, label_list, undefined):
    """Balanced accuracy, MCC and Cohen's kappa: a class only predicted, one class, labels
    outside the data, weights of 0."""
    inputs, keywords = with_weights(drawn)
    assert_same("balanced_accuracy_score", inputs, keywords, adjusted=adjusted)
    assert_same("matthews_corrcoef", inputs, keywords)
    assert_same("cohen_kappa_score", inputs, keywords, weights=weights, labels=label_list,
                replace_undefined_by=undefined)


@given(labels(), st.none() | st.lists(st.integers(0, 4), min_size=1, max_size=4, unique=True),
       st.booleans(), st.integers(0, 5), st.sampled_from(ZERO_DIVISION))
def test_classification_report_agrees(drawn, label_list, output_dict, digits, zero_division):
    """As a dict and as the text table, with labels outside the data and classes never
    predicted (every warning in order)."""
    inputs, keywords = with_weights(drawn)
    assert_same("classification_report", inputs, keywords, labels=label_list,
                output_dict=output_dict, digits=digits, zero_division=zero_division)


@st.composite
def scored(draw):
    """Binary (or single-class) labels and scores from a few values, so ties are common."""
    n = draw(st.integers(1, 25))
    classes = draw(st.sampled_from([(0, 1), (0,), (1,), (-1, 1), (3, 7)]))
    y_true = np.array(draw(st.lists(st.sampled_from(classes), min_size=n, max_size=n)))
    values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(-10, 10)
    y_score = np.array(draw(st.lists(values, min_size=n, max_size=n)))
    return y_true, y_score, draw(weights(n))


@given(scored(), st.booleans(), st.sampled_from([None, 1, 3, 7]))
def test_roc_curve_and_auc_agree(drawn, drop_intermediate, pos_label):
    inputs, keywords = with_weights(drawn)
    assert_same("roc_curve", inputs, keywords, drop_intermediate=drop_intermediate,
                pos_label=pos_label)
    assert_same("roc_auc_score", inputs, keywords)


@given(scored(), st.booleans(), st.sampled_from([None, 1, 3, 7]))
def test_precision_recall_curve_and_average_precision_agree(drawn, drop_intermediate,
                                                           pos_label):
    inputs, keywords = with_weights(drawn)
    assert_same("precision_recall_curve", inputs, keywords, drop_intermediate=drop_intermediate,
                pos_label=pos_label)
    assert_same("average_precision_score", inputs, keywords, pos_label=pos_label or 1)


@given(scored(), st.integers(1, 6), st.sampled_from(["uniform", "quantile"]),
       st.sampled_from([None, 1, 3, 7]))
def test_calibration_curve_agrees(drawn, n_bins, strategy, pos_label):
    """Scores clipped to [0, 1]: many on the bin edges 0 and 1, ties everywhere."""
    y_true, y_score, _ = drawn
    assert_same("calibration_curve", (y_true, np.clip(y_score, 0, 1)), n_bins=n_bins,
                strategy=strategy, pos_label=pos_label)


def test_average_precision_is_the_mean_precision_at_each_positive():
    """Distinct scores, unit weights: AP = mean over positives of the precision among the
    samples scored at least as high (the textbook definition, computed independently)."""
    rng = np.random.default_rng(0)
    y_true, y_score = rng.integers(0, 2, 40), rng.permutation(40) / 40
    order = np.argsort(-y_score)
    hits = np.cumsum(y_true[order])                             # positives in the top k
    textbook = np.mean([hits[k] / (k + 1) for k in range(40) if y_true[order][k]])
    for side in (PAIR.scratch, PAIR.framework):
        assert side.average_precision_score(y_true, y_score) == pytest.approx(textbook,
                                                                              rel=1e-12)


def test_roc_auc_is_the_chance_a_positive_outscores_a_negative():
    """An independent definition: the share of (positive, negative) pairs ordered right, ties
    counting half, equals the trapezoid area on both sides."""
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 2, 300)
    y_score = np.round(rng.random(300) + 0.3 * y_true, 1)                 # many ties
    positive, negative = y_score[y_true == 1], y_score[y_true == 0]
    pairs = positive[:, None] - negative[None, :]
    expected = ((pairs > 0).sum() + 0.5 * (pairs == 0).sum()) / pairs.size
    for side in (PAIR.scratch, PAIR.framework):
        assert side.roc_auc_score(y_true, y_score) == pytest.approx(expected, rel=1e-12)


@st.composite
def probabilistic(draw):
    """Labels 0..k-1 and rows of probabilities (N, k) or (N,) for two classes; some rows may
    not sum to one, some entries are exactly 0 or 1."""
    n, k = draw(st.integers(1, 20)), draw(st.integers(2, 4))
    y_true = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    entry = st.sampled_from([0.0, 1.0]) | st.floats(0.01, 1)
    raw = draw(arrays(np.float64, (n, k), elements=entry))
    normalized = draw(st.booleans())
    if normalized:
        totals = raw.sum(axis=1, keepdims=True)
        raw = np.where(totals > 0, raw / np.where(totals > 0, totals, 1), 1 / k)
    y_proba = raw[:, 1] if k == 2 and draw(st.booleans()) else raw
    return y_true, y_proba, draw(weights(n))


@given(probabilistic(), st.booleans(), st.none() | st.just("all"))
def test_log_loss_agrees(drawn, normalize, give_labels):
    inputs, keywords = with_weights(drawn)
    y_proba = drawn[1]
    labels = None if give_labels is None else list(range(
        2 if y_proba.ndim == 1 else y_proba.shape[1]))
    assert_same("log_loss", inputs, keywords, normalize=normalize, labels=labels)


@given(probabilistic(), st.sampled_from(["ovr", "ovo"]),
       st.sampled_from(["macro", "weighted", "micro", None]), st.booleans())
def test_multiclass_roc_auc_agrees(drawn, multi_class, average, give_labels):
    """One-vs-rest and one-vs-one on small problems: classes absent from y_true, rows that do
    not sum to one, weights of 0, and every average each scheme refuses."""
    inputs, keywords = with_weights(drawn)
    y_true, y_proba = drawn[0], drawn[1]
    if y_proba.ndim == 1 or y_proba.shape[1] < 3:
        y_proba = np.column_stack([np.atleast_2d(y_proba.T).T, np.zeros(len(y_true))])
        inputs = (y_true, y_proba, *inputs[2:])
    labels = list(range(y_proba.shape[1])) if give_labels else None
    assert_same("roc_auc_score", inputs, keywords, multi_class=multi_class, average=average,
                labels=labels)


@given(probabilistic(), st.sampled_from(["auto", True, False]), st.none() | st.just("all"),
       st.sampled_from([None, 0, 1]))
def test_brier_score_agrees(drawn, scale_by_half, give_labels, pos_label):
    inputs, keywords = with_weights(drawn)
    y_proba = drawn[1]
    labels = None if give_labels is None else list(range(
        2 if y_proba.ndim == 1 else y_proba.shape[1]))
    assert_same("brier_score_loss", inputs, keywords, scale_by_half=scale_by_half,
                labels=labels, pos_label=pos_label)


@given(probabilistic(), st.integers(1, 4), st.booleans(), st.booleans())
def test_top_k_accuracy_agrees(drawn, k, normalize, give_labels):
    """Ties among the scores are common (entries of exactly 0 and 1): the order in which they
    fall is part of what must agree."""
    inputs, keywords = with_weights(drawn)
    y_proba = drawn[1]
    labels = list(range(2 if y_proba.ndim == 1 else y_proba.shape[1])) if give_labels else None
    assert_same("top_k_accuracy_score", inputs, keywords, k=k, normalize=normalize,
                labels=labels)


@st.composite
def regression(draw):
    """Targets (N,) or (N, K), with constant columns and exact hits likely."""
    n = draw(st.integers(1, 20))
    shape = (n,) if draw(st.booleans()) else (n, draw(st.integers(1, 3)))
    values = st.sampled_from([0.0, 1.0, 2.0]) | st.floats(-1e3, 1e3)
    y_true = draw(arrays(np.float64, shape, elements=values))
    y_pred = y_true.copy() if draw(st.booleans()) else draw(arrays(np.float64, shape,
                                                                     elements=values))
    return y_true, y_pred, draw(weights(n))


@given(regression(), st.sampled_from(["uniform_average", "raw_values", "variance_weighted"]),
       st.booleans())
def test_regression_metrics_agree(drawn, multioutput, force_finite):
    inputs, keywords = with_weights(drawn)
    plain = "raw_values" if multioutput == "raw_values" else "uniform_average"
    assert_same("mean_squared_error", inputs, keywords, multioutput=plain)
    assert_same("mean_absolute_error", inputs, keywords, multioutput=plain)
    assert_same("r2_score", inputs, keywords, multioutput=multioutput, force_finite=force_finite)


@given(st.sampled_from(["accuracy_score", "f1_score", "confusion_matrix", "roc_curve",
                        "mean_squared_error", "log_loss", "matthews_corrcoef",
                        "cohen_kappa_score"]),
       st.sampled_from([np.nan, np.inf, "text", None]), st.integers(0, 2))
def test_bad_values_are_refused_alike(function, bad, where):
    """A NaN, an infinity, a string or None anywhere in the input: the same ValueError on both
    sides, never a value."""
    y_true = np.array([0.0, 1.0, 1.0])
    second = np.array([0.2, 0.9, 0.6]) if function in ("roc_curve", "log_loss") else y_true
    y_true, second = y_true.astype(object), second.astype(object)
    (y_true if where == 0 else second)[min(where, 2)] = bad
    said = assert_same(function, (y_true, second))
    assert said["error"].startswith("ValueError: "), said


@pytest.mark.parametrize("function", ["matthews_corrcoef", "accuracy_score", "roc_auc_score",
                                      "mean_squared_error"])
def test_ragged_lists_are_refused_alike_with_a_clear_error(function):
    """Nested lists of different lengths: NumPy's 'inhomogeneous shape' never reaches the user
    (the parity cases cannot send them: the harness makes arrays of its inputs)."""
    for side in (PAIR.scratch, PAIR.framework):
        with pytest.raises(ValueError, match="y_true must be a rectangular array of numbers"):
            getattr(side, function)([[0, 1], [1]], [0, 1])
        with pytest.raises(ValueError,
                           match="sample_weight must be a rectangular array of numbers"):
            getattr(side, function)([0, 1], [0, 1], sample_weight=[[1.0], [2.0, 3.0]])


PLANTED = [
    (test_roc_curve_and_auc_agree, "samples of weight 0 kept as thresholds",
     "kept = sample_weight != 0", "kept = sample_weight >= 0"),
    (test_precision_recall_f_agree, "the binary average ignores pos_label",
     "return np.array([pos_label])", "return np.array([1])"),
    (test_agreement_metrics_agree, "MCC of a single class left undefined, not 0",
     "    if cov_ypyp * cov_ytyt == 0:\n        return 0.0\n", ""),
    (test_precision_recall_curve_and_average_precision_agree,
     "recall over every sample, not over the positives",
     "        recall = tps / tps[-1]\n    return (np.concatenate",
     "        recall = tps / (tps[-1] + fps[-1])\n    return (np.concatenate"),
    (test_top_k_accuracy_agrees, "ties broken towards the first column",
     'np.argsort(y_score, axis=1, kind="mergesort")[:, ::-1][:, :k]',
     'np.argsort(-y_score, axis=1, kind="mergesort")[:, :k]'),
    (test_regression_metrics_agree, "exact predictions score 0 instead of 1",
     "scores = np.ones(y_true.shape[1])", "scores = np.zeros(y_true.shape[1])"),
]


@pytest.mark.parametrize(("test", "name", "find", "replace"), PLANTED,
                         ids=[name.replace(" ", "_") for _, name, _, _ in PLANTED])
def test_the_properties_catch_a_planted_mistake(test, name, find, replace, monkeypatch):
    """The properties can fail: each finds a mistake planted in the scratch side."""
    mutant = Mutant(name, find, replace, frozenset())
    monkeypatch.setattr(sys.modules[__name__], "PAIR", mutate(PAIR, mutant))
    with pytest.raises(Exception) as caught:  # noqa: PT011 one AssertionError, or a group
        test()
    assert caught.errisinstance(AssertionError) or "AssertionError(" in repr(caught.value)
