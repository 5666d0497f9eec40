"""Classification and regression metrics with scikit-learn: sklearn.metrics behind shared checks.

Shapes: N samples, K classes (or outputs). Labels are integers; w (N,) are sample weights.

    accuracy     sklearn.metrics.accuracy_score
    confusion    sklearn.metrics.confusion_matrix
    precision, recall, F-beta
                 sklearn.metrics.precision_recall_fscore_support and its three shorthands
    report       sklearn.metrics.classification_report (text or dict)
    balanced accuracy, MCC, Cohen's kappa
                 sklearn.metrics.balanced_accuracy_score, matthews_corrcoef, cohen_kappa_score
    ROC curve    sklearn.metrics.roc_curve; ROC AUC: sklearn.metrics.roc_auc_score (binary,
                 and one-vs-rest or one-vs-one for more classes)
    top-k        sklearn.metrics.top_k_accuracy_score
    PR curve, AP sklearn.metrics.precision_recall_curve, average_precision_score (binary)
    calibration  sklearn.calibration.calibration_curve (uniform and quantile bins)
    log loss     sklearn.metrics.log_loss; Brier score: sklearn.metrics.brier_score_loss
    MSE, MAE, R^2  sklearn.metrics.mean_squared_error, mean_absolute_error, r2_score

Both sides check their input with the same functions, so bad input fails the same way before
scikit-learn sees it; what scikit-learn then does with valid but degenerate input (a value, an
UndefinedMetricWarning, an error) is what the scratch side reproduces.
"""

import numpy as np
from sklearn import calibration, exceptions, metrics

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

UndefinedMetricWarning = exceptions.UndefinedMetricWarning


def accuracy_score(y_true, y_pred, *, normalize=True, sample_weight=None):
    """The (weighted) share of samples predicted right; their count when not normalize."""
    check_flag("normalize", normalize)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    return metrics.accuracy_score(y_true, y_pred, normalize=normalize,
                                  sample_weight=sample_weight)


def confusion_matrix(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None):
    """C (K, K): C[a, b] counts samples of true label a predicted as b (rows in labels' order)."""
    check_choice("normalize", normalize, ("true", "pred", "all", None))
    labels = check_class_list(labels)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    return metrics.confusion_matrix(y_true, y_pred, labels=labels, sample_weight=sample_weight,
                                    normalize=normalize)


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
    return metrics.precision_recall_fscore_support(
        y_true, y_pred, beta=beta, labels=labels, pos_label=pos_label, average=average,
        warn_for=warn_for, sample_weight=sample_weight, zero_division=zero_division)


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
    """Precision, recall, F1 and support per label and averaged: text, or a dict of dicts."""
    labels = check_class_list(labels, nonempty=True)
    target_names = check_target_names(target_names)
    check_hyperparameter("digits", digits, Integer(low=0))
    check_flag("output_dict", output_dict)
    check_zero_division(zero_division)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    return metrics.classification_report(y_true, y_pred, labels=labels,
                                         target_names=target_names,
                                         sample_weight=sample_weight, digits=digits,
                                         output_dict=output_dict, zero_division=zero_division)


def balanced_accuracy_score(y_true, y_pred, *, sample_weight=None, adjusted=False):
    """The mean over the true classes of each one's recall; adjusted, chance scores 0 and a
    perfect prediction 1."""
    check_flag("adjusted", adjusted)
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    return metrics.balanced_accuracy_score(y_true, y_pred, sample_weight=sample_weight,
                                           adjusted=adjusted)


def matthews_corrcoef(y_true, y_pred, *, sample_weight=None):
    """The correlation of the one-hot truth and prediction; 0 where a side has one class."""
    y_true, y_pred, sample_weight = check_class_targets(y_true, y_pred, sample_weight)
    return metrics.matthews_corrcoef(y_true, y_pred, sample_weight=sample_weight)


def cohen_kappa_score(y1, y2, *, labels=None, weights=None, sample_weight=None,
                      replace_undefined_by=np.nan):
    """Agreement beyond chance between two annotators' labels."""
    check_choice("weights", weights, ("linear", "quadratic", None))
    check_undefined_value("replace_undefined_by", replace_undefined_by)
    labels = check_class_list(labels)
    y1, y2, sample_weight = check_class_targets(y1, y2, sample_weight)
    return metrics.cohen_kappa_score(y1, y2, labels=labels, weights=weights,
                                     sample_weight=sample_weight,
                                     replace_undefined_by=replace_undefined_by)


def roc_curve(y_true, y_score, *, pos_label=None, sample_weight=None, drop_intermediate=True):
    """FPR, TPR (T,) at each distinct score taken as threshold, and the thresholds (T,),
    from +inf (nothing predicted positive) down to the lowest score."""
    check_flag("drop_intermediate", drop_intermediate)
    check_pos_label(pos_label, allow_none=True)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight)
    return metrics.roc_curve(y_true, y_score, pos_label=pos_label, sample_weight=sample_weight,
                             drop_intermediate=drop_intermediate)


def roc_auc_score(y_true, y_score, *, average="macro", sample_weight=None, multi_class="raise",
                  labels=None):
    """The area under the ROC curve; for K classes, one-vs-rest or one-vs-one averages."""
    check_choice("average", average, ("micro", "macro", "weighted", "samples", None))
    check_choice("multi_class", multi_class, ("raise", "ovr", "ovo"))
    labels = check_class_list(labels)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         ndims=(1, 2))
    if len(np.unique(y_true)) <= 2 and y_score.ndim == 2 and y_score.shape[1] <= 2:
        raise ValueError(f"y_score must have shape (n_samples,) for two classes; got shape "
                         f"{y_score.shape}")
    return metrics.roc_auc_score(y_true, y_score, average=average, sample_weight=sample_weight,
                                 multi_class=multi_class, labels=labels)


def top_k_accuracy_score(y_true, y_score, *, k=2, normalize=True, sample_weight=None,
                         labels=None):
    """The (weighted) share of samples whose true label is among their k highest scores."""
    check_hyperparameter("k", k, Integer(low=1))
    check_flag("normalize", normalize)
    labels = check_class_list(labels)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         ndims=(1, 2))
    return metrics.top_k_accuracy_score(y_true, y_score, k=k, normalize=normalize,
                                        sample_weight=sample_weight, labels=labels)


def precision_recall_curve(y_true, y_score, *, pos_label=None, sample_weight=None,
                           drop_intermediate=False):
    """Precision and recall at each distinct score taken as threshold, and the thresholds."""
    check_flag("drop_intermediate", drop_intermediate)
    check_pos_label(pos_label, allow_none=True)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight)
    return metrics.precision_recall_curve(y_true, y_score, pos_label=pos_label,
                                          sample_weight=sample_weight,
                                          drop_intermediate=drop_intermediate)


def average_precision_score(y_true, y_score, *, average="macro", pos_label=1,
                            sample_weight=None):
    """The area under the precision-recall steps (binary y_true)."""
    check_choice("average", average, (None, "micro", "macro", "weighted", "samples"))
    check_pos_label(pos_label)
    y_true, y_score, sample_weight = check_score_targets(y_true, y_score, sample_weight,
                                                         binary=True)
    return metrics.average_precision_score(y_true, y_score, average=average,
                                           pos_label=pos_label, sample_weight=sample_weight)


def calibration_curve(y_true, y_prob, *, pos_label=None, n_bins=5, strategy="uniform"):
    """Per bin of y_prob that is not empty: the share of positives and the mean y_prob."""
    check_pos_label(pos_label, allow_none=True)
    check_hyperparameter("n_bins", n_bins, Integer(low=1))
    check_choice("strategy", strategy, ("uniform", "quantile"))
    y_true, y_prob, _ = check_score_targets(y_true, y_prob)
    return calibration.calibration_curve(y_true, y_prob, pos_label=pos_label, n_bins=n_bins,
                                         strategy=strategy)


def log_loss(y_true, y_proba, *, normalize=True, sample_weight=None, labels=None):
    """Cross-entropy of the true labels under the predicted probabilities y_proba: (N, K) in
    the sorted labels' order, or (N,) for the larger of two labels."""
    check_flag("normalize", normalize)
    labels = check_class_list(labels, nonempty=True)
    y_true, y_proba, sample_weight = check_probability_targets(y_true, y_proba, sample_weight)
    return metrics.log_loss(y_true, y_proba, normalize=normalize, sample_weight=sample_weight,
                            labels=labels)


def brier_score_loss(y_true, y_proba, *, sample_weight=None, pos_label=None, labels=None,
                     scale_by_half="auto"):
    """The mean squared distance of the probabilities from the one-hot truth."""
    check_pos_label(pos_label, allow_none=True)
    labels = check_class_list(labels, nonempty=True)
    if not (isinstance(scale_by_half, str) and scale_by_half == "auto"):
        check_flag("scale_by_half", scale_by_half)
    y_true, y_proba, sample_weight = check_probability_targets(y_true, y_proba, sample_weight)
    return metrics.brier_score_loss(y_true, y_proba, sample_weight=sample_weight,
                                    pos_label=pos_label, labels=labels,
                                    scale_by_half=scale_by_half)


def mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Per output the weighted mean of (y - p)^2; the outputs' mean, or each (raw_values)."""
    check_choice("multioutput", multioutput, ("uniform_average", "raw_values"))
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    return metrics.mean_squared_error(y_true, y_pred, sample_weight=sample_weight,
                                      multioutput=multioutput)


def mean_absolute_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    """Per output the weighted mean of |y - p|; the outputs' mean, or each (raw_values)."""
    check_choice("multioutput", multioutput, ("uniform_average", "raw_values"))
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    return metrics.mean_absolute_error(y_true, y_pred, sample_weight=sample_weight,
                                       multioutput=multioutput)


def r2_score(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average",
             force_finite=True):
    """Per output 1 - (residual sum of squares) / (total sum of squares about the weighted
    mean). With force_finite, a constant y_true scores 1 if predicted exactly, else 0."""
    check_choice("multioutput", multioutput,
                 ("uniform_average", "raw_values", "variance_weighted"))
    check_flag("force_finite", force_finite)
    y_true, y_pred, sample_weight = check_regression_targets(y_true, y_pred, sample_weight)
    return metrics.r2_score(y_true, y_pred, sample_weight=sample_weight,
                            multioutput=multioutput, force_finite=force_finite)
