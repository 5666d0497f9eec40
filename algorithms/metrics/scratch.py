"""Classification and regression metrics in NumPy, written the way scikit-learn computes them.

Shapes: N samples, K classes (or outputs). Labels are integers; w (N,) are sample weights,
all 1 when none are given.

    accuracy     sum_i w_i [y_i == p_i] / sum_i w_i
    confusion    C[a, b] = sum of w_i over samples with true label a predicted as b
    precision    tp / (tp + fp)   recall  tp / (tp + fn)     per label, from the counts
    F-beta       (1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp)  (F1: b = 1)
    averages     binary: the positive label; micro: pool the counts; macro: the plain mean;
                 weighted: the mean weighted by each label's true count
    report       precision, recall, F1 and support per label, then their averages
    balanced     the mean over true classes of each one's recall
    MCC          the correlation of truth and prediction, one-hot: from the confusion matrix
    kappa        1 - sum(w C) / sum(w E): observed disagreement over that expected by chance
    ROC curve    sort by score, descending; at each distinct score s: TPR = tp(>= s) / P and
                 FPR = fp(>= s) / N; points on a straight line are dropped
    ROC AUC      the area under that curve by the trapezoid rule; for K classes one-vs-rest
                 (each class against the rest, averaged) or one-vs-one (over pairs)
    top-k        the share of samples whose true label is among their k highest scores
    PR curve     at the same thresholds: precision tp / (tp + fp), recall tp / P
    AP           the area under the precision-recall steps, sum_k (R_k - R_{k-1}) P_k
    calibration  y_prob cut into bins; per bin the share of positives and the mean y_prob
    log loss     -sum_i w_i log p_i[y_i] / sum_i w_i, with p clipped to [eps, 1 - eps]
    Brier        sum_i w_i sum_k (y_ik - p_ik)^2 / sum_i w_i, y one-hot; halved for two classes
    MSE, MAE     per output the weighted mean of (y - p)^2 and |y - p|, then the outputs' mean
    R^2          1 - sum w (y - p)^2 / sum w (y - mean_w y)^2, per output

Where a metric is undefined (no predicted samples for precision, a single class for ROC AUC,
one sample for R^2) the result and the UndefinedMetricWarning are scikit-learn's, as are the
errors for inputs that pass the shared checks but make no sense to the metric. The sums are
taken in scikit-learn's order, so the two sides agree to the last bit.
"""

import itertools
import math
import warnings

import numpy as np

from algorithms._metric_inputs import (
    check_choice,
    check_class_list,
    check_class_targets,
    check_flag,
    check_pos_label,
    check_probability_targets,
    check_regression_targets,
    check_score_targets,
    check_target_names,
    check_undefined_value,
    check_zero_division,
)
from algorithms._params import Integer, Real, check_hyperparameter

AVERAGES = ("binary", "micro", "macro", "weighted", None)


class UndefinedMetricWarning(UserWarning):
    """A metric was asked for where it is undefined; the value returned is a convention."""


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """The (weighted) share of samples predicted right; their count when not normalize."""
    check_flag("normalize", normalize)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    right = (y_true == y_pred).astype(np.float64)                       # (N,)
    return float(_average(right, sample_weight, normalize))


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """C (K, K): C[a, b] counts samples of true label a predicted as b (rows in labels' order)."""
    check_choice("normalize", normalize, ("true", "pred", "all", None))
    labels = check_class_list(labels)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    elif labels.size == 0:
        raise ValueError("'labels' should contain at least one label.")
    elif not np.isin(labels, y_true).any():
        raise ValueError("At least one label specified must be in y_true")
    K = len(labels)
    true_index, pred_index = _index_in(labels, y_true), _index_in(labels, y_pred)
    kept = (true_index < K) & (pred_index < K)                          # both in labels
    weights = np.ones(len(y_true), np.int64) if sample_weight is None else sample_weight
    cell = true_index[kept] * K + pred_index[kept]                      # (a, b) -> a K + b
    C = np.bincount(cell, weights=weights[kept], minlength=K * K).reshape(K, K)
    C = C.astype(np.int64 if sample_weight is None else np.float64)    # counts, or weight sums
    with np.errstate(all="ignore"):                                     # an empty row: 0 / 0
        if normalize == "true":
            C = C / C.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            C = C / C.sum(axis=0, keepdims=True)
        elif normalize == "all":
            C = C / C.sum()
        C = np.nan_to_num(C)
    if C.shape == (1, 1):
        warnings.warn("A single label was found in 'y_true' and 'y_pred'. For the confusion "
                      "matrix to have the correct shape, use the 'labels' parameter to pass "
                      "all known labels.", UserWarning, stacklevel=2)
    return C


def precision_recall_fscore_support(y_true, y_pred, *, beta=1.0, labels=None, pos_label=1,
                                    average=None, warn_for=("precision", "recall", "f-score"),
                                    sample_weight=None, zero_division="warn"):
    """Precision, recall, F-beta and support (the true count) per label, or averaged."""
    check_hyperparameter("beta", beta, Real(low=0))
    check_choice("average", average, AVERAGES)
    check_zero_division(zero_division)
    check_pos_label(pos_label)
    labels = check_class_list(labels)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    labels = _set_wise_labels(y_true, y_pred, average, labels, pos_label)

    tp_sum, pred_sum, true_sum = _label_counts(y_true, y_pred, labels, sample_weight)
    if average == "micro":                                              # pool every label's counts
        tp_sum = tp_sum.sum(keepdims=True)                              # (1,)
        pred_sum = pred_sum.sum(keepdims=True)
        true_sum = true_sum.sum(keepdims=True)

    def divide(numerator, denominator, metric, modifier):
        return _prf_divide(numerator, denominator, metric, modifier, average, warn_for,
                           zero_division)

    precision = divide(tp_sum, pred_sum, "precision", "predicted")     # tp / (tp + fp)
    recall = divide(tp_sum, true_sum, "recall", "true")                 # tp / (tp + fn)
    if beta == 0:
        f_score = precision
    else:                                  # (1 + b^2) tp / (b^2 (tp + fn) + (tp + fp))
        beta2 = beta**2
        denominator = beta2 * true_sum.astype(np.float64) + pred_sum.astype(np.float64)
        f_score = divide((1 + beta2) * tp_sum.astype(np.float64), denominator, "f-score",
                         "true nor predicted")

    if average is None:
        return precision, recall, f_score, true_sum
    weights = true_sum if average == "weighted" else None
    return (float(_nan_average(precision, weights)), float(_nan_average(recall, weights)),
            float(_nan_average(f_score, weights)), None)


def precision_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                    sample_weight=None, zero_division="warn"):
    """tp / (tp + fp): of the samples predicted as a label, the share that have it."""
    precision, _, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, pos_label=pos_label, average=average,
        warn_for=("precision",), sample_weight=sample_weight, zero_division=zero_division)
    return precision


def recall_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
                 sample_weight=None, zero_division="warn"):
    """tp / (tp + fn): of the samples with a label, the share predicted as it."""
    _, recall, _, _ = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, pos_label=pos_label, average=average,
        warn_for=("recall",), sample_weight=sample_weight, zero_division=zero_division)
    return recall


def f1_score(y_true, y_pred, *, labels=None, pos_label=1, average="binary",
             sample_weight=None, zero_division="warn"):
    """2 tp / (2 tp + fp + fn): the harmonic mean of precision and recall."""
    _, _, f_score, _ = precision_recall_fscore_support(
        y_true, y_pred, beta=1.0, labels=labels, pos_label=pos_label, average=average,
        warn_for=("f-score",), sample_weight=sample_weight, zero_division=zero_division)
    return f_score


def classification_report(y_true, y_pred, *, labels=None, target_names=None,
                          sample_weight=None, digits=2, output_dict=False,
                          zero_division="warn"):
    """Precision, recall, F1 and support per label, then their micro (accuracy, where every
    label is reported), macro and weighted averages: a text table, or a dict of dicts."""
    labels = check_class_list(labels, nonempty=True)
    target_names = check_target_names(target_names)
    check_hyperparameter("digits", digits, Integer(low=0))
    check_flag("output_dict", output_dict)
    check_zero_division(zero_division)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    present = np.unique(np.concatenate([y_true, y_pred]))
    micro_is_accuracy = labels is None or set(labels) >= set(present)
    if labels is None:
        labels, labels_given = present, False
    else:
        labels_given = True
    if target_names is not None and len(labels) != len(target_names):
        if not labels_given:
            raise ValueError(f"Number of classes, {len(labels)}, does not match size of "
                             f"target_names, {len(target_names)}. Try specifying the labels "
                             f"parameter")
        warnings.warn(f"labels size, {len(labels)}, does not match size of target_names, "
                      f"{len(target_names)}", UserWarning, stacklevel=2)
    if target_names is None:
        target_names = [f"{label}" for label in labels]
    headers = ["precision", "recall", "f1-score", "support"]
    p, r, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, sample_weight=sample_weight,
        zero_division=zero_division)
    rows = list(zip(target_names, p, r, f1, support, strict=False))   # fewer names: warned
    averages = {}
    for average in ("micro", "macro", "weighted"):
        heading = "accuracy" if average == "micro" and micro_is_accuracy else f"{average} avg"
        avg_p, avg_r, avg_f1, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=average, sample_weight=sample_weight,
            zero_division=zero_division)
        averages[heading] = [avg_p, avg_r, avg_f1, np.sum(support)]
    if output_dict:
        report = {name: dict(zip(headers, map(float, scores), strict=True))
                  for name, *scores in rows}
        report.update({heading: dict(zip(headers, map(float, scores), strict=True))
                       for heading, scores in averages.items()})
        if "accuracy" in report:
            report["accuracy"] = report["accuracy"]["precision"]
        return report
    width = max(max(len(name) for name in target_names), len("weighted avg"), digits)
    text = ("{:>{width}s} " + " {:>9}" * 4).format("", *headers, width=width) + "\n\n"
    row = "{:>{width}s} " + " {:>9.{digits}f}" * 3 + " {:>9}\n"
    text += "".join(row.format(*scores, width=width, digits=digits) for scores in rows) + "\n"
    for heading, scores in averages.items():
        if heading == "accuracy":                                       # F1 and support only
            text += ("{:>{width}s} " + " {:>9.{digits}}" * 2 + " {:>9.{digits}f} {:>9}\n").format(
                heading, "", "", *scores[2:], width=width, digits=digits)
        else:
            text += row.format(heading, *scores, width=width, digits=digits)
    return text


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    """The mean over the true classes of each one's recall; adjusted, chance scores 0 and a
    perfect prediction 1."""
    check_flag("adjusted", adjusted)
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)   # (K, K)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)                          # recall of each class
    if np.isnan(per_class).any():                                       # a class only predicted
        warnings.warn("y_pred contains classes not in y_true", UserWarning, stacklevel=2)
        per_class = per_class[~np.isnan(per_class)]
    score = np.mean(per_class)
    if adjusted:
        chance = 1 / len(per_class)
        score -= chance
        score /= 1 - chance
    return float(score)


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    """The correlation of the one-hot truth and prediction, from the confusion matrix:
    (c s - t.p) / sqrt((s^2 - p.p)(s^2 - t.t)), c the weight predicted right, s the total,
    t and p (K,) the true and predicted totals per class; 0 where a side has one class."""
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    labels = np.unique(np.concatenate([y_true, y_pred]))
    C = confusion_matrix(np.searchsorted(labels, y_true), np.searchsorted(labels, y_pred),
                         sample_weight=sample_weight)                   # (K, K), labels 0..K-1
    t_sum = C.sum(axis=1, dtype=np.float64)                             # (K,) true per class
    p_sum = C.sum(axis=0, dtype=np.float64)                             # (K,) predicted
    n_correct = np.trace(C, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    if cov_ypyp * cov_ytyt == 0:
        return 0.0
    return float(cov_ytyp / np.sqrt(cov_ypyp * cov_ytyt))


def cohen_kappa_score(y1, y2, *, labels=None, weights=None, sample_weight=None,
                      replace_undefined_by=np.nan):
    """Agreement beyond chance: 1 - sum(w * C) / sum(w * E), E the confusion expected from
    each annotator's label totals alone, w 1 off the diagonal (or |i - j|, or (i - j)^2)."""
    check_choice("weights", weights, ("linear", "quadratic", None))
    check_undefined_value("replace_undefined_by", replace_undefined_by)
    try:
        C = confusion_matrix(y1, y2, labels=labels, sample_weight=sample_weight)
    except ValueError as error:
        if "At least one label specified must be in y_true" not in str(error):
            raise
        raise ValueError("At least one label in `labels` must be present in `y1` (even though "
                         "`cohen_kappa_score` is otherwise agnostic to the order of `y1` and "
                         "`y2`).") from error
    C = C.astype(np.float64)                                            # (K, K)
    K = len(C)
    sum0, sum1 = C.sum(axis=0), C.sum(axis=1)                           # (K,) each annotator's
    if sum0.sum() == 0:
        warnings.warn("`y2` contains no labels that are present in both `y1` and `labels`."
                      "`cohen_kappa_score` is undefined and set to the value defined by the "
                      f"`replace_undefined_by` param, which is set to {replace_undefined_by}.",
                      UndefinedMetricWarning, stacklevel=2)
        return replace_undefined_by
    expected = np.outer(sum0, sum1) / sum0.sum()                        # (K, K) by chance
    if weights is None:
        w = np.ones((K, K))
        np.fill_diagonal(w, 0)                                          # any disagreement: 1
    else:
        w = np.zeros((K, K)) + np.arange(K)                             # w[i, j] = j
        w = np.abs(w - w.T) if weights == "linear" else (w - w.T) ** 2
    denominator = np.sum(w * expected)
    if denominator == 0:
        warnings.warn("`y1`, `y2` and `labels` have only one label in common. "
                      "`cohen_kappa_score` is undefined and set to the value defined by the "
                      f"the `replace_undefined_by` param, which is set to "
                      f"{replace_undefined_by}.", UndefinedMetricWarning, stacklevel=2)
        return replace_undefined_by
    return float(1 - np.sum(w * C) / denominator)


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """FPR, TPR (T,) at each distinct score taken as threshold, and the thresholds (T,),
    from +inf (nothing predicted positive) down to the lowest score."""
    check_flag("drop_intermediate", drop_intermediate)
    check_pos_label(pos_label, allow_none=True)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight)
    fps, tps, thresholds = _binary_counts(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and len(fps) > 2:
        # a point where neither count bends lies on the segment between its neighbours
        bends = np.diff(fps, 2).astype(bool) | np.diff(tps, 2).astype(bool)
        kept = np.flatnonzero(np.concatenate([[True], bends, [True]]))
        fps, tps, thresholds = fps[kept], tps[kept], thresholds[kept]
    fps, tps = np.concatenate([[0.0], fps]), np.concatenate([[0.0], tps])  # the curve starts at 0
    thresholds = np.concatenate([[np.inf], thresholds])

    if fps[-1] <= 0:
        warnings.warn("No negative samples in y_true, false positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn("No positive samples in y_true, true positive value should be "
                      "meaningless", UndefinedMetricWarning, stacklevel=2)
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, multi_class="raise",
                  labels=None):
    """Two classes: the area under the ROC curve, the chance that a random positive outscores
    a random negative (ties count half), the larger label positive. More classes (y_score
    (N, K), rows of probabilities): one-vs-rest, each class's AUC against the rest, averaged
    (micro pools every class's column into one curve); or one-vs-one (Hand and Till), the
    mean over pairs of classes of the two AUCs of the pair, on its samples only."""
    check_choice("average", average, ("micro", "macro", "weighted", "samples", None))
    check_choice("multi_class", multi_class, ("raise", "ovr", "ovo"))
    labels = check_class_list(labels)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         ndims=(1, 2))
    classes = np.unique(y_true)
    if len(classes) > 2 or (y_score.ndim == 2 and y_score.shape[1] > 2):
        if multi_class == "raise":
            raise ValueError("multi_class must be in ('ovo', 'ovr')")
        return _multiclass_roc_auc(y_true, y_score, labels, multi_class, average,
                                   sample_weight)
    if y_score.ndim == 2:
        raise ValueError(f"y_score must have shape (n_samples,) for two classes; got shape "
                         f"{y_score.shape}")
    positive = (y_true == classes[-1]).astype(np.int64)                 # the larger label: 1
    return _binary_roc_auc(positive, y_score, sample_weight)


def top_k_accuracy_score(y_true, y_score, *, k=2, normalize=True, sample_weight=None,
                         labels=None):
    """The (weighted) share of samples whose true label is among their k highest scores
    (y_score (N, K), columns in the sorted labels' order); for two classes, y_score (N,) and
    k = 1 is plain accuracy at the threshold 0.5 (0 for scores outside [0, 1])."""
    check_hyperparameter("k", k, Integer(low=1))
    check_flag("normalize", normalize)
    labels = check_class_list(labels)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         ndims=(1, 2))
    binary = len(np.unique(y_true)) <= 2 and (labels is None or len(labels) <= 2)
    if binary:
        if y_score.ndim == 2 and y_score.shape[1] != 1:
            raise ValueError(f"`y_true` is binary while y_score is 2d with {y_score.shape[1]} "
                             f"classes. If `y_true` does not contain all the labels, `labels` "
                             f"must be provided.")
        y_score = y_score.reshape(-1)                                   # (N, 1) -> (N,)
    elif y_score.ndim != 2:
        raise ValueError(f"`y_score` needs to be of shape `(n_samples, n_classes)`, since "
                         f"`y_true` contains multiple classes. Got `y_score.shape="
                         f"{y_score.shape}`.")
    n_scored = y_score.shape[1] if y_score.ndim == 2 else 2
    classes = _column_classes(y_true, labels, n_scored, TOP_K_WORDING)
    if k >= len(classes):
        warnings.warn(f"'k' ({k}) greater than or equal to 'n_classes' ({len(classes)}) will "
                      f"result in a perfect score and is therefore meaningless.",
                      UndefinedMetricWarning, stacklevel=2)
    true_column = np.searchsorted(classes, y_true)                      # (N,)
    if not binary:
        top_k = np.argsort(y_score, axis=1, kind="mergesort")[:, ::-1][:, :k]   # (N, k)
        hits = (true_column == top_k.T).any(axis=0)
    elif k == 1:
        threshold = 0.5 if y_score.min() >= 0 and y_score.max() <= 1 else 0
        hits = (y_score > threshold).astype(np.int64) == true_column
    else:
        hits = np.ones_like(y_score, dtype=np.bool_)                    # both classes in the top 2
    if normalize:
        return float(np.average(hits, weights=sample_weight))
    return float(np.sum(hits) if sample_weight is None else np.dot(hits, sample_weight))


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    """Precision and recall (T + 1,) at each distinct score taken as threshold, recall
    decreasing and ending at (recall 0, precision 1); the thresholds (T,), increasing."""
    check_flag("drop_intermediate", drop_intermediate)
    check_pos_label(pos_label, allow_none=True)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight)
    fps, tps, thresholds = _binary_counts(y_true, y_score, pos_label, sample_weight)
    if drop_intermediate and len(fps) > 2:
        # of a run of points with equal recall (a vertical line), keep the first and the last
        changes = np.diff(tps[:-1]).astype(bool) | np.diff(tps[1:]).astype(bool)
        kept = np.flatnonzero(np.concatenate([[True], changes, [True]]))
        fps, tps, thresholds = fps[kept], tps[kept], thresholds[kept]
    predicted = tps + fps                                               # predicted positive
    precision = np.where(predicted != 0, np.divide(tps, predicted), 0.0)
    if tps[-1] == 0:
        warnings.warn("No positive class found in y_true, recall is set to one for all "
                      "thresholds.", UserWarning, stacklevel=2)
        recall = np.full(tps.shape, 1.0)
    else:
        recall = tps / tps[-1]
    return (np.concatenate([precision[::-1], [1.0]]), np.concatenate([recall[::-1], [0.0]]),
            thresholds[::-1])


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1,
                            sample_weight=None):
    """The area under the precision-recall steps: sum_k (R_k - R_{k-1}) P_k, precision at
    each threshold weighted by the recall it adds (no interpolation)."""
    check_choice("average", average, (None, "micro", "macro", "weighted", "samples"))
    check_pos_label(pos_label)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         binary=True)
    present = np.unique(y_true)
    if len(present) == 2 and pos_label not in present:
        raise ValueError(f"pos_label={pos_label} is not a valid label. It should be one of "
                         f"{present}")
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                                  sample_weight=sample_weight)
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))  # recall decreases


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    """The reliability diagram: y_prob cut into n_bins bins (equal widths of [0, 1], or equal
    counts: "quantile"); per bin that is not empty, the share of positives (prob_true) and the
    mean predicted probability (prob_pred). A calibrated model lies on the diagonal."""
    check_pos_label(pos_label, allow_none=True)
    check_hyperparameter("n_bins", n_bins, Integer(low=1))
    check_choice("strategy", strategy, ("uniform", "quantile"))
    y_true, y_prob, _ = check_score_targets(y_true, y_prob)
    labels = np.unique(y_true)
    if pos_label is None:
        pos_label = _standard_pos_label(labels)
    if y_prob.min() < 0 or y_prob.max() > 1:
        raise ValueError("y_prob has values outside [0, 1].")
    if len(labels) > 2:
        raise ValueError(f"Only binary classification is supported. Provided labels {labels}.")
    positive = y_true == pos_label                                      # (N,)
    if strategy == "quantile":
        edges = np.percentile(y_prob, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_of = np.searchsorted(edges[1:-1], y_prob)                       # (N,) in 0..n_bins - 1
    predicted = np.bincount(bin_of, weights=y_prob, minlength=n_bins)   # (n_bins,) sums
    positives = np.bincount(bin_of, weights=positive, minlength=n_bins)
    total = np.bincount(bin_of, minlength=n_bins)
    nonempty = total != 0
    return positives[nonempty] / total[nonempty], predicted[nonempty] / total[nonempty]


def log_loss(y_true, y_proba, *, normalize=True, sample_weight=None, labels=None):
    """Cross-entropy of the true labels under the predicted probabilities y_proba: (N, K) in
    the sorted labels' order, or (N,) for the larger of two labels."""
    check_flag("normalize", normalize)
    labels = check_class_list(labels, nonempty=True)
    y_true, y_proba, sample_weight = check_probability_targets(y_true, y_proba, sample_weight)
    classes, y_proba = _class_probabilities(y_true, y_proba, labels)   # (K,), (N, K)
    eps = np.finfo(y_proba.dtype).eps
    y_proba = np.clip(y_proba, eps, 1 - eps)                            # log(0) would be -inf
    true_class = np.searchsorted(classes, y_true)                       # (N,) column of each label
    losses = -np.log(y_proba[np.arange(len(y_true)), true_class])       # (N,)
    return float(_average(losses, sample_weight, normalize))


def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None,
                     scale_by_half="auto"):
    """The mean over samples of sum_k (y_k - p_k)^2, y the one-hot truth: y_proba (N,) is the
    positive class's probability, (N, K) each class's; halved (to [0, 1]) for two classes."""
    check_pos_label(pos_label, allow_none=True)
    labels = check_class_list(labels, nonempty=True)
    if not (isinstance(scale_by_half, str) and scale_by_half == "auto"):
        check_flag("scale_by_half", scale_by_half)
    y_true, y_proba, sample_weight = check_probability_targets(y_true, y_proba, sample_weight)
    if y_proba.ndim == 1 or y_proba.shape[1] == 1:
        truth, y_proba = _binary_probabilities(y_true, y_proba.reshape(-1), pos_label)
    else:
        classes, y_proba = _class_probabilities(y_true, y_proba, labels)
        truth = (y_true[:, None] == classes[None, :]).astype(np.float64)   # (N, K) one-hot
    score = _average(np.sum((truth - y_proba) ** 2, axis=1), sample_weight)
    if scale_by_half == "auto":
        scale_by_half = y_proba.shape[1] < 3
    if scale_by_half:
        score *= 0.5
    return float(score)


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Per output the weighted mean of (y - p)^2; the outputs' mean, or each (raw_values)."""
    check_choice("multioutput", multioutput, ("uniform_average", "raw_values"))
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    y_true, y_pred = _as_columns(y_true), _as_columns(y_pred)           # (N, K)
    output_errors = _average((y_true - y_pred) ** 2, sample_weight)    # (K,)
    return output_errors if multioutput == "raw_values" else float(np.mean(output_errors))


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Per output the weighted mean of |y - p|; the outputs' mean, or each (raw_values)."""
    check_choice("multioutput", multioutput, ("uniform_average", "raw_values"))
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    y_true, y_pred = _as_columns(y_true), _as_columns(y_pred)           # (N, K)
    output_errors = _average(np.abs(y_pred - y_true), sample_weight)   # (K,)
    return output_errors if multioutput == "raw_values" else float(np.mean(output_errors))


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
             force_finite=True):
    """Per output 1 - (residual sum of squares) / (total sum of squares about the weighted
    mean). With force_finite, a constant y_true scores 1 if predicted exactly, else 0."""
    check_choice("multioutput", multioutput,
                 ("uniform_average", "raw_values", "variance_weighted"))
    check_flag("force_finite", force_finite)
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    y_true, y_pred = _as_columns(y_true), _as_columns(y_pred)           # (N, K)
    if len(y_true) < 2:
        warnings.warn("R^2 score is not well-defined with less than two samples.",
                      UndefinedMetricWarning, stacklevel=2)
        return float("nan")
    weight = 1.0 if sample_weight is None else sample_weight[:, None]  # (N, 1) or a scalar
    residual = np.sum(weight * (y_true - y_pred) ** 2, axis=0)          # (K,)
    total = np.sum(weight * (y_true - _average(y_true, sample_weight)) ** 2, axis=0)  # (K,)

    if force_finite:
        scores = np.ones(y_true.shape[1])
        defined = (total != 0) & (residual != 0)
        scores[defined] = 1 - residual[defined] / total[defined]
        scores[(residual != 0) & (total == 0)] = 0.0                    # constant y, missed
    else:                                  # a constant y_true: -inf, or NaN if also hit
        scores = 1 - residual / total
    if multioutput == "raw_values":
        return scores
    output_weights = None
    if multioutput == "variance_weighted" and (total != 0).any():
        output_weights = total
    return float(_average(scores, output_weights))


# --- helpers -------------------------------------------------------------------------------

def _average(values, weights=None, normalize=True):
    """The (weighted) mean of values over axis 0, or the (weighted) sum when not normalize."""
    if weights is None:
        return values.mean(axis=0) if normalize else values.sum(axis=0)
    if not normalize:
        return values @ weights                                         # sum_i w_i v_i, (N,) only
    weights = weights.reshape(-1, *[1] * (values.ndim - 1))             # (N, 1...) against values
    return np.sum(values * weights, axis=0) / weights.sum(axis=0)


def _nan_average(values, weights=None):
    """The mean over the entries that are not NaN (zero_division=nan leaves some)."""
    missing = np.isnan(values)
    if missing.all():
        return np.nan
    if weights is None:
        return np.where(missing, 0.0, values).sum() / np.count_nonzero(~missing)
    values, weights = values[~missing], weights[~missing].astype(np.float64)
    if weights.sum() == 0:                                              # no label has a true sample
        return values.mean()
    return (values * weights).sum() / weights.sum()


def _index_in(labels, y):
    """The position of each y in labels (any order); len(labels) + 1 where y is not there."""
    order = np.argsort(labels, kind="stable")
    position = np.clip(np.searchsorted(labels, y, sorter=order), 0, len(labels) - 1)
    found = labels[order[position]] == y
    return np.where(found, order[position], len(labels) + 1)


def _set_wise_labels(y_true, y_pred, average, labels, pos_label):
    """The labels precision and recall are computed for; the binary average's errors."""
    present = np.unique(np.concatenate([y_true, y_pred]))
    if average == "binary":
        if len(present) > 2:
            raise ValueError("Target is multiclass but average='binary'. Please choose another "
                             "average setting, one of [None, 'micro', 'macro', 'weighted'].")
        if pos_label not in present and len(present) >= 2:
            raise ValueError(f"pos_label={pos_label} is not a valid label. It should be one "
                             f"of {present}")
        return np.array([pos_label])
    if pos_label not in (None, 1):
        warnings.warn(f"Note that pos_label (set to {pos_label!r}) is ignored when average != "
                      f"'binary' (got {average!r}). You may use labels=[pos_label] to specify "
                      f"a single positive class.", UserWarning, stacklevel=3)
    return present if labels is None else labels


def _label_counts(y_true, y_pred, labels, sample_weight):
    """Per label: true positives, predicted count (tp + fp) and true count (tp + fn)."""
    every = np.union1d(labels, np.concatenate([y_true, y_pred]))        # sorted, holds labels
    K = len(every)
    true_index, pred_index = np.searchsorted(every, y_true), np.searchsorted(every, y_pred)
    hit = true_index == pred_index
    if hit.any():
        hit_weights = None if sample_weight is None else sample_weight[hit]
        tp_sum = np.bincount(true_index[hit], weights=hit_weights, minlength=K)
    else:                                  # as scikit-learn: counts turn float when none is right
        tp_sum = np.zeros(K)
    pred_sum = np.bincount(pred_index, weights=sample_weight, minlength=K)
    true_sum = np.bincount(true_index, weights=sample_weight, minlength=K)
    chosen = np.searchsorted(every, labels)                             # the labels asked for
    tp_sum, pred_sum, true_sum = tp_sum[chosen], pred_sum[chosen], true_sum[chosen]
    # scikit-learn goes through fp = pred - tp and fn = true - tp and adds tp back, which can
    # round differently with float weights: the same steps here keep the sums bit-equal
    return tp_sum, tp_sum + (pred_sum - tp_sum), tp_sum + (true_sum - tp_sum)


def _prf_divide(numerator, denominator, metric, modifier, average, warn_for, zero_division):
    """numerator / denominator; where the denominator is 0, zero_division (0 for "warn"),
    and a warning naming what is missing when the metric is one the caller asked for."""
    undefined = denominator == 0
    denominator = denominator.astype(np.float64)
    denominator[undefined] = 1                                          # no 0 / 0 on the way
    result = numerator.astype(np.float64) / denominator
    if not undefined.any():
        return result
    result[undefined] = 0.0 if zero_division == "warn" else float(zero_division)
    if zero_division == "warn" and metric in warn_for:
        where = "due to" if len(result) == 1 else "in labels with"
        warnings.warn(f"{metric.capitalize()} is ill-defined and being set to 0.0 {where} no "
                      f"{modifier} samples. Use `zero_division` parameter to control this "
                      f"behavior.", UndefinedMetricWarning, stacklevel=4)
    return result


def _binary_counts(y_true, y_score, pos_label, sample_weight):
    """False and true positives (T,) when predicting positive at score >= each distinct score
    (descending), and those scores."""
    classes = np.unique(y_true)
    if pos_label is None:
        if len(classes) > 2:
            raise ValueError("multiclass format is not supported")
        pos_label = _standard_pos_label(classes)
    positive = (y_true == pos_label).astype(np.float64)                 # (N,) 1 for positives
    if sample_weight is not None:                                       # weight 0: not a sample
        kept = sample_weight != 0
        positive, y_score, sample_weight = positive[kept], y_score[kept], sample_weight[kept]
    order = np.argsort(-y_score, kind="stable")                         # descending, ties in order
    y_score, positive = y_score[order], positive[order]
    weight = 1.0 if sample_weight is None else sample_weight[order]
    last_of_each_score = np.append(np.flatnonzero(np.diff(y_score)), len(y_score) - 1)
    tps = np.cumsum(positive * weight)[last_of_each_score]              # positives scored >= s
    if sample_weight is None:
        fps = 1 + last_of_each_score - tps                              # the rest of those samples
    else:
        fps = np.cumsum((1 - positive) * weight)[last_of_each_score]
    return fps, tps, y_score[last_of_each_score]


def _binary_roc_auc(y_true, y_score, sample_weight=None):
    """The area under the ROC curve of 0/1 labels; NaN and a warning for a single class."""
    if len(np.unique(y_true)) != 2:
        warnings.warn("Only one class is present in y_true. ROC AUC score is not defined in "
                      "that case.", UndefinedMetricWarning, stacklevel=3)
        return np.nan
    fpr, tpr, _ = roc_curve(y_true, y_score, sample_weight=sample_weight)
    return _trapezoid_area(fpr, tpr)


def _multiclass_roc_auc(y_true, y_score, labels, multi_class, average, sample_weight):
    """roc_auc_score of y_score (N, K): one-vs-rest or one-vs-one, after scikit-learn's
    checks of the scores, the average and the labels."""
    if y_score.ndim != 2:
        raise ValueError(f"`y_score` needs to be of shape `(n_samples, n_classes)`, since "
                         f"`y_true` contains multiple classes. Got `y_score.shape="
                         f"{y_score.shape}`.")
    if not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError("Target scores need to be probabilities for multiclass roc_auc, i.e. "
                         "they should sum up to 1.0 over classes")
    options = ("micro", "macro", "weighted", None) if multi_class == "ovr" else (
        "macro", "weighted", None)
    if average not in options:
        raise ValueError(f"average must be one of {options} for multiclass problems")
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    classes = _column_classes(y_true, labels, y_score.shape[1], AUC_WORDING)
    if multi_class == "ovo":
        if sample_weight is not None:
            raise ValueError("sample_weight is not supported for multiclass one-vs-one ROC "
                             "AUC, 'sample_weight' must be None in this case.")
        return _one_vs_one_auc(np.searchsorted(classes, y_true), y_score, average)
    Y = (y_true[:, None] == classes[None, :]).astype(np.int64)          # (N, K) one-vs-rest
    if average == "micro":                                              # one curve of N K points
        weights = None if sample_weight is None else np.repeat(sample_weight, len(classes))
        return float(np.average([_binary_roc_auc(Y.ravel(), y_score.ravel(), weights)]))
    class_weights = None
    if average == "weighted":
        class_weights = Y.sum(axis=0) if sample_weight is None else np.sum(
            Y.astype(sample_weight.dtype) * sample_weight[:, None], axis=0)   # (K,)
        if np.isclose(np.sum(class_weights), 0):
            return 0
    scores = np.zeros(len(classes))
    for k in range(len(classes)):
        scores[k] = _binary_roc_auc(Y[:, k], y_score[:, k], sample_weight)
    if average is None:
        return scores
    if class_weights is not None:
        scores[class_weights == 0] = 0                                  # no sample: no NaN
    return float(np.average(scores, weights=class_weights))


def _one_vs_one_auc(y_true, y_score, average):
    """Hand and Till: per pair of classes a, b, the mean of a's AUC against b and b's against
    a, on the samples of a and b; the mean over pairs (weighted: by their share of samples)."""
    present = np.unique(y_true)
    pairs = list(itertools.combinations(present, 2))
    pair_scores = np.empty(len(pairs))
    prevalence = np.empty(len(pairs)) if average == "weighted" else None
    for index, (a, b) in enumerate(pairs):
        a_mask, b_mask = y_true == a, y_true == b
        both = a_mask | b_mask
        if prevalence is not None:
            prevalence[index] = np.average(both)
        pair_scores[index] = (_binary_roc_auc(a_mask[both], y_score[both, a])
                              + _binary_roc_auc(b_mask[both], y_score[both, b])) / 2
    return np.average(pair_scores, weights=prevalence)


def _standard_pos_label(classes):
    """1, where the labels are {0, 1} or {-1, 1} (or one of them); an error otherwise."""
    if len(classes) > 2 or not any(np.array_equal(classes, allowed)
                                   for allowed in ([0, 1], [-1, 1], [0], [-1], [1])):
        listed = ", ".join(repr(c) for c in classes.tolist())
        raise ValueError(f"y_true takes value in {{{listed}}} and pos_label is not specified: "
                         f"either make y_true take value in {{0, 1}} or {{-1, 1}} or pass "
                         f"pos_label explicitly.")
    return 1


def _trapezoid_area(x, y):
    """The area under the polyline through (x, y) for x monotone: sum of dx (y0 + y1) / 2."""
    dx = np.diff(x)
    direction = 1
    if (dx < 0).any():
        if not (dx <= 0).all():
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
        direction = -1
    return float(direction * np.sum(dx * (y[1:] + y[:-1]) / 2.0))


def _binary_probabilities(y_true, y_proba, pos_label):
    """The truth and y_proba (N,) of the positive class as two columns (N, 2): negative,
    positive. Without pos_label, 1 where the labels are {0, 1} or {-1, 1}, else the larger."""
    classes = np.unique(y_true)
    if len(classes) > 2:
        raise ValueError("The type of the target inferred from y_true is multiclass but should "
                         "be binary according to the shape of y_prob.")
    if y_proba.max() > 1:
        raise ValueError(f"y_prob contains values greater than 1: {y_proba.max()}")
    if y_proba.min() < 0:
        raise ValueError(f"y_prob contains values less than 0: {y_proba.min()}")
    if pos_label is None:
        standard = any(np.array_equal(classes, allowed)
                       for allowed in ([0, 1], [-1, 1], [0], [-1], [1]))
        pos_label = 1 if standard else classes[-1]
    positive = (y_true == pos_label).astype(np.float64)                 # (N,)
    return (np.stack([1 - positive, positive], axis=1),
            np.stack([1 - y_proba, y_proba], axis=1))


def _class_probabilities(y_true, y_proba, labels):
    """The classes (K,) and y_proba as (N, K) in their order, for log loss and the Brier
    score; scikit-learn's errors and warnings where they do not fit together."""
    if y_proba.max() > 1:
        raise ValueError(f"y_prob contains values greater than 1: {y_proba.max()}")
    if y_proba.min() < 0:
        raise ValueError(f"y_prob contains values lower than 0: {y_proba.min()}")
    classes = _log_loss_classes(y_true, labels)
    if y_proba.ndim == 1:
        y_proba = y_proba[:, None]                                      # (N, 1)
    if y_proba.shape[1] == 1:
        y_proba = np.concatenate([1 - y_proba, y_proba], axis=1)        # (N, 2)
    row_sums = y_proba.sum(axis=1)
    if not np.isclose(row_sums, 1, rtol=math.sqrt(np.finfo(y_proba.dtype).eps)).all():
        warnings.warn("The y_prob values do not sum to one. Make sure to pass probabilities.",
                      UserWarning, stacklevel=3)
    if len(classes) != y_proba.shape[1]:
        if labels is None:
            raise ValueError(f"y_true and y_prob contain different number of classes: "
                             f"{len(classes)} vs {y_proba.shape[1]}. Please provide the true "
                             f"labels explicitly through the labels argument. Classes found "
                             f"in y_true: {classes}")
        raise ValueError(f"The number of classes in labels is different from that in y_prob. "
                         f"Classes found in labels: {classes}")
    return classes, y_proba


# scikit-learn words the same checks of y_score's columns differently in its two callers
TOP_K_WORDING = {
    "found": "Number of classes in 'y_true' ({n}) not equal to the number of classes in "
             "'y_score' ({columns}).You can provide a list of all known classes by assigning "
             "it to the `labels` parameter.",
    "ordered": "Parameter 'labels' must be ordered.",
    "given": "Number of given labels ({n}) not equal to the number of classes in 'y_score' "
             "({columns}).",
    "outside": "'y_true' contains labels not in parameter 'labels'.",
}
AUC_WORDING = {
    "found": "Number of classes in y_true not equal to the number of columns in 'y_score'",
    "ordered": "Parameter 'labels' must be ordered",
    "given": "Number of given labels, {n}, not equal to the number of columns in 'y_score', "
             "{columns}",
    "outside": "'y_true' contains labels not in parameter 'labels'",
}


def _column_classes(y_true, labels, n_columns, wording):
    """The sorted classes the n_columns columns of y_score stand for (labels, else those of
    y_true); errors, in the caller's wording, where they cannot."""
    classes = np.unique(y_true if labels is None else labels)
    if labels is not None and not np.array_equal(classes, labels):
        raise ValueError(wording["ordered"])
    if len(classes) != n_columns:
        raise ValueError(wording["found" if labels is None else "given"].format(
            n=len(classes), columns=n_columns))
    if labels is not None and len(np.setdiff1d(y_true, classes)):
        raise ValueError(wording["outside"])
    return classes


def _log_loss_classes(y_true, labels):
    """The sorted classes the columns of y_proba stand for; errors where they cannot."""
    if labels is None:
        classes = np.unique(y_true)
        if len(classes) == 1:
            raise ValueError(f"y_true contains only one label ({classes[0]}). Please provide "
                             f"the list of all expected class labels explicitly through the "
                             f"labels argument.")
        return classes
    classes = np.unique(labels)
    if not np.array_equal(classes, labels):
        warnings.warn(f"Labels passed were {labels}. But this function assumes labels are "
                      f"ordered lexicographically. Pass the ordered labels={classes.tolist()} "
                      f"and ensure that the columns of y_prob correspond to this ordering.",
                      UserWarning, stacklevel=3)
    if not np.isin(y_true, labels).all():
        undeclared = set(y_true) - set(labels)
        raise ValueError(f"y_true contains values {undeclared} not belonging to the passed "
                         f"labels {labels}.")
    if len(classes) == 1:
        raise ValueError(f"The labels array needs to contain at least two labels, got "
                         f"{classes}.")
    return classes


def _as_columns(y):
    """(N,) -> (N, 1); (N, K) stays."""
    return y[:, None] if y.ndim == 1 else y
