"""What parity checks for metrics: values on seeded data, then degenerate and bad inputs.

Every case runs both sides and compares value, warnings and error exactly. Degenerate cases
(a class never predicted, a single class, one sample, tied scores) must reach the warning or
error their `expect` names on the scikit-learn side, so a case cannot quietly stop testing
what its name says.
"""

import numpy as np

from parity.kinds import MetricCase, MetricSpec

N = 200


# --- inputs: rng -> positional arguments -------------------------------------------------

def classes(rng, n=N, k=3, right=0.7):
    """True labels 0..k-1 and predictions that are right with probability `right`."""
    y_true = rng.integers(0, k, n)
    y_pred = np.where(rng.random(n) < right, y_true, rng.integers(0, k, n))
    return y_true, y_pred


def binary(rng, n=N):
    return classes(rng, n, k=2)


def weighted(make):
    """The inputs of `make` and sample weights in [0, 2), a few exactly 0."""
    def inputs(rng):
        arrays = make(rng)
        weights = rng.uniform(0, 2, len(arrays[0]))
        weights[rng.random(len(weights)) < 0.1] = 0.0
        return (*arrays, weights)
    inputs.keywords = ("sample_weight",)
    return inputs


def scores(rng, n=N, decimals=1):
    """Binary labels and scores rounded to `decimals`: many ties between samples."""
    y_true = rng.integers(0, 2, n)
    y_score = np.round(0.6 * y_true + rng.random(n), decimals)
    return y_true, y_score


def probabilities(rng, n=N, k=3):
    """Labels and rows of class probabilities leaning to the true class."""
    y_true = rng.integers(0, k, n)
    logits = rng.standard_normal((n, k)) + 2.0 * np.eye(k)[y_true]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y_true, proba


def targets(rng, n=N, k=None):
    """Regression targets (n,) or (n, k) and noisy predictions of them."""
    shape = (n,) if k is None else (n, k)
    y_true = rng.standard_normal(shape) * 3 + 1
    return y_true, y_true + rng.standard_normal(shape)


def fixed(*arrays):
    return lambda rng: tuple(np.asarray(a) for a in arrays)


def case(function, inputs, expect="", keywords=None, **options):
    if keywords is None:
        keywords = getattr(inputs, "keywords", ())
    return MetricCase(function, inputs, options, expect, keywords)


VALUES = {
    "accuracy": case("accuracy_score", classes),
    "accuracy_count": case("accuracy_score", classes, normalize=False),
    "accuracy_weighted": case("accuracy_score", weighted(classes)),
    "accuracy_weighted_count": case("accuracy_score", weighted(classes), normalize=False),
    "confusion_matrix": case("confusion_matrix", lambda rng: classes(rng, k=4)),
    "confusion_matrix_labels": case("confusion_matrix", classes, labels=[2, 0, 5]),
    "confusion_matrix_weighted_normalized": case("confusion_matrix", weighted(classes),
                                                 normalize="true"),
    "confusion_matrix_normalize_pred": case("confusion_matrix", classes, normalize="pred"),
    "precision_binary": case("precision_score", binary),
    "recall_binary": case("recall_score", binary),
    "f1_binary": case("f1_score", binary),
    "f1_binary_pos_label_0": case("f1_score", binary, pos_label=0),
    "precision_macro": case("precision_score", classes, average="macro"),
    "recall_micro": case("recall_score", classes, average="micro"),
    "f1_weighted": case("f1_score", classes, average="weighted"),
    "f1_per_label": case("f1_score", classes, average=None),
    "f1_labels_subset_micro": case("f1_score", lambda rng: classes(rng, k=5), average="micro",
                                   labels=[4, 1]),
    "fbeta_half_macro": case("precision_recall_fscore_support", classes, beta=0.5,
                             average="macro"),
    "support_weighted": case("precision_recall_fscore_support", weighted(classes)),
    "report": case("classification_report", classes),
    "report_dict_weighted": case("classification_report", weighted(classes), output_dict=True),
    "report_names_digits": case("classification_report", classes, digits=4,
                                target_names=["setosa", "versicolor", "virginica"]),
    "report_labels_subset_dict": case("classification_report", lambda rng: classes(rng, k=4),
                                      labels=[3, 1], output_dict=True),
    "balanced_accuracy": case("balanced_accuracy_score", classes),
    "balanced_accuracy_weighted_adjusted": case("balanced_accuracy_score", weighted(classes),
                                                adjusted=True),
    "mcc_binary": case("matthews_corrcoef", binary),
    "mcc_multiclass_weighted": case("matthews_corrcoef", weighted(lambda rng: classes(rng, k=4))),
    "kappa": case("cohen_kappa_score", classes),
    "kappa_linear_weighted": case("cohen_kappa_score", weighted(lambda rng: classes(rng, k=5)),
                                  weights="linear"),
    "kappa_quadratic_labels": case("cohen_kappa_score", lambda rng: classes(rng, k=5),
                                   weights="quadratic", labels=[4, 0, 2]),
    "roc_curve": case("roc_curve", scores),
    "roc_curve_every_threshold": case("roc_curve", scores, drop_intermediate=False),
    "roc_curve_distinct_scores": case("roc_curve", lambda rng: scores(rng, decimals=12)),
    "roc_curve_weighted": case("roc_curve", weighted(scores)),
    "roc_curve_pos_label": case("roc_curve", lambda rng: (scores(rng)[0] + 1, scores(rng)[1]),
                                pos_label=2),
    "roc_curve_minus_one_one": case("roc_curve",
                                    lambda rng: (2 * scores(rng)[0] - 1, scores(rng)[1])),
    "roc_auc": case("roc_auc_score", scores),
    "roc_auc_weighted": case("roc_auc_score", weighted(scores)),
    "roc_auc_ovr_macro": case("roc_auc_score", lambda rng: probabilities(rng, k=4),
                              multi_class="ovr"),
    "roc_auc_ovr_micro_weighted": case("roc_auc_score", weighted(probabilities),
                                       multi_class="ovr", average="micro"),
    "roc_auc_ovr_weighted_average": case("roc_auc_score", weighted(probabilities),
                                         multi_class="ovr", average="weighted"),
    "roc_auc_ovr_per_class": case("roc_auc_score", probabilities, multi_class="ovr",
                                  average=None),
    "roc_auc_ovo_macro": case("roc_auc_score", lambda rng: probabilities(rng, k=4),
                              multi_class="ovo"),
    "roc_auc_ovo_weighted": case("roc_auc_score", probabilities, multi_class="ovo",
                                 average="weighted"),
    "roc_auc_labels_3_7": case("roc_auc_score",
                               lambda rng: (3 + 4 * scores(rng)[0], scores(rng)[1])),
    "top_2": case("top_k_accuracy_score", lambda rng: probabilities(rng, k=5)),
    "top_3_weighted_count": case("top_k_accuracy_score",
                                 weighted(lambda rng: probabilities(rng, k=5)), k=3,
                                 normalize=False),
    "top_1_binary_probabilities": case("top_k_accuracy_score",
                                       lambda rng: (scores(rng)[0], rng.random(N)), k=1),
    "top_1_binary_margins": case("top_k_accuracy_score",
                                 lambda rng: (scores(rng)[0], rng.standard_normal(N)), k=1),
    "top_2_labels": case("top_k_accuracy_score",
                         lambda rng: (probabilities(rng, k=3)[0] * 2,
                                      probabilities(rng, k=3)[1]), labels=[0, 2, 4]),
    "pr_curve": case("precision_recall_curve", scores),
    "pr_curve_dropping_intermediate": case("precision_recall_curve", scores,
                                           drop_intermediate=True),
    "pr_curve_weighted_pos_label": case("precision_recall_curve",
                                        weighted(lambda rng: (scores(rng)[0] + 1,
                                                              scores(rng)[1])), pos_label=2),
    "average_precision": case("average_precision_score", scores),
    "average_precision_distinct_weighted": case("average_precision_score",
                                                weighted(lambda rng: scores(rng, decimals=12))),
    "average_precision_pos_label_0": case("average_precision_score", scores, pos_label=0),
    "calibration": case("calibration_curve", lambda rng: (scores(rng)[0], rng.random(N))),
    "calibration_quantile_10": case("calibration_curve",
                                    lambda rng: (scores(rng)[0], rng.random(N) ** 2),
                                    n_bins=10, strategy="quantile"),
    "calibration_pos_label_3": case("calibration_curve",
                                    lambda rng: (3 + 4 * scores(rng)[0], rng.random(N)),
                                    pos_label=3),
    "calibration_minus_one_one": case("calibration_curve",
                                      lambda rng: (2 * scores(rng)[0] - 1, rng.random(N))),
    "log_loss_binary": case("log_loss", lambda rng: (scores(rng)[0], rng.random(N))),
    "log_loss_multiclass": case("log_loss", probabilities),
    "log_loss_weighted_sum": case("log_loss", weighted(probabilities), normalize=False),
    "log_loss_labels": case("log_loss", lambda rng: probabilities(rng, k=4), labels=[0, 1, 2, 3]),
    "brier_binary": case("brier_score_loss", lambda rng: (scores(rng)[0], rng.random(N))),
    "brier_weighted_unscaled": case("brier_score_loss",
                                    weighted(lambda rng: (scores(rng)[0], rng.random(N))),
                                    scale_by_half=False),
    "brier_labels_3_7": case("brier_score_loss",
                             lambda rng: (3 + 4 * scores(rng)[0], rng.random(N))),
    "brier_pos_label_0": case("brier_score_loss", lambda rng: (scores(rng)[0], rng.random(N)),
                              pos_label=0),
    "brier_multiclass": case("brier_score_loss", probabilities),
    "brier_multiclass_weighted_halved": case("brier_score_loss", weighted(probabilities),
                                             scale_by_half=True),
    "brier_labels": case("brier_score_loss", lambda rng: probabilities(rng, k=4),
                         labels=[0, 1, 2, 3]),
    "mse": case("mean_squared_error", targets),
    "mse_outputs": case("mean_squared_error", lambda rng: targets(rng, k=3),
                        multioutput="raw_values"),
    "mse_weighted": case("mean_squared_error", weighted(lambda rng: targets(rng, k=2))),
    "mae": case("mean_absolute_error", targets),
    "mae_weighted_outputs": case("mean_absolute_error", weighted(lambda rng: targets(rng, k=3)),
                                 multioutput="raw_values"),
    "r2": case("r2_score", targets),
    "r2_weighted": case("r2_score", weighted(targets)),
    "r2_outputs": case("r2_score", lambda rng: targets(rng, k=3), multioutput="raw_values"),
    "r2_variance_weighted": case("r2_score", weighted(lambda rng: targets(rng, k=3)),
                                 multioutput="variance_weighted"),
}

ALL_ZERO, ALL_ONE = [0, 0, 0, 0], [1, 1, 1, 1]
DEGENERATE = {
    # precision, recall, F: undefined counts
    "precision_nothing_predicted": case("precision_score", fixed([0, 1, 1, 0], ALL_ZERO),
                                        expect="Precision is ill-defined"),
    "recall_no_true_samples": case("recall_score", fixed(ALL_ZERO, [0, 1, 1, 0]),
                                   expect="Recall is ill-defined"),
    "f1_class_nowhere": case("f1_score", fixed([0, 1, 1, 0], [0, 1, 0, 0]), average="macro",
                             labels=[0, 1, 2], expect="F-score is ill-defined"),
    "prfs_per_label_undefined": case("precision_recall_fscore_support",
                                     fixed([0, 1, 2, 2], [0, 1, 1, 1]),
                                     expect="Precision is ill-defined"),
    "precision_zero_division_1": case("precision_score", fixed([0, 1, 1, 0], ALL_ZERO),
                                      zero_division=1),
    "precision_zero_division_nan_macro": case("precision_score",
                                              fixed([0, 1, 2, 2], [0, 1, 1, 1]),
                                              average="macro", zero_division=float("nan")),
    "f1_all_undefined_nan": case("f1_score", fixed(ALL_ZERO, ALL_ZERO), zero_division=float(
        "nan")),
    "f1_weighted_no_true_samples": case("f1_score", fixed([0, 0, 1, 1], [2, 2, 3, 3]),
                                        average="weighted", labels=[2, 3]),
    "f1_multiclass_as_binary": case("f1_score", classes, expect="Target is multiclass"),
    "f1_pos_label_absent": case("f1_score", fixed([0, 2, 2, 0], [0, 2, 0, 0]),
                                expect="pos_label=1 is not a valid label"),
    "f1_single_class_pos_label_absent": case("f1_score", fixed(ALL_ZERO, ALL_ZERO),
                                             expect="F-score is ill-defined"),
    "f1_pos_label_ignored": case("f1_score", classes, average="macro", pos_label=2,
                                 expect="is ignored when average"),
    # confusion matrix
    "confusion_single_label": case("confusion_matrix", fixed(ALL_ONE, ALL_ONE),
                                   expect="A single label was found"),
    "confusion_labels_not_in_y_true": case("confusion_matrix", classes, labels=[7, 8],
                                           expect="At least one label specified"),
    "confusion_no_labels": case("confusion_matrix", classes, labels=[],
                                expect="should contain at least one label"),
    "confusion_empty_row_normalized": case("confusion_matrix", classes, labels=[0, 1, 2, 9],
                                           normalize="true"),
    # the report
    "report_class_never_predicted": case("classification_report", fixed([0, 1, 2, 2], [0, 1, 1, 1]),
                                         output_dict=True, expect="Precision is ill-defined"),
    "report_zero_division_1": case("classification_report", fixed([0, 1, 2, 2], [0, 1, 1, 1]),
                                   zero_division=1),
    "report_names_without_labels": case("classification_report", classes,
                                        target_names=["a", "b"], expect="does not match size"),
    "report_names_with_labels": case("classification_report", classes, labels=[0, 1, 2],
                                     target_names=["a", "b"], expect="does not match size"),
    # balanced accuracy, MCC, kappa
    "balanced_accuracy_class_only_predicted": case("balanced_accuracy_score",
                                                   fixed([0, 1, 1, 0], [0, 2, 1, 1]),
                                                   expect="y_pred contains classes not in"),
    "balanced_accuracy_one_class_adjusted": case("balanced_accuracy_score",
                                                 fixed(ALL_ONE, ALL_ONE), adjusted=True,
                                                 expect="A single label was found"),
    "mcc_one_class_predicted": case("matthews_corrcoef", fixed([0, 1, 1, 0], ALL_ONE)),
    "mcc_single_label": case("matthews_corrcoef", fixed(ALL_ONE, ALL_ONE),
                             expect="A single label was found"),
    "mcc_every_prediction_wrong": case("matthews_corrcoef", fixed([0, 1, 1, 0], [1, 0, 0, 1])),
    "kappa_perfect_on_one_label": case("cohen_kappa_score", fixed(ALL_ONE, ALL_ONE),
                                       expect="only one label in common"),
    "kappa_one_label_replaced": case("cohen_kappa_score", fixed(ALL_ONE, ALL_ONE),
                                     replace_undefined_by=0.5, expect="set to 0.5"),
    "kappa_no_label_of_interest_in_y2": case("cohen_kappa_score", fixed([0, 1, 1], [2, 2, 2]),
                                             labels=[0, 1], expect="contains no labels"),
    "kappa_labels_not_in_y1": case("cohen_kappa_score", classes, labels=[7, 8],
                                   expect="must be present in `y1`"),
    # ROC
    "roc_curve_no_positives": case("roc_curve", fixed(ALL_ZERO, [0.1, 0.4, 0.3, 0.2]),
                                   expect="No positive samples"),
    "roc_curve_no_negatives": case("roc_curve", fixed(ALL_ONE, [0.1, 0.4, 0.3, 0.2]),
                                   expect="No negative samples"),
    "roc_curve_labels_without_pos_label": case("roc_curve", fixed([0, 2, 2, 0], [.1, .4, .3, .2]),
                                               expect="pos_label is not specified"),
    "roc_curve_multiclass": case("roc_curve", fixed([0, 1, 2, 0], [.1, .4, .3, .2]),
                                 expect="multiclass format is not supported"),
    "roc_curve_every_score_tied": case("roc_curve", fixed([0, 1, 1, 0], [.5, .5, .5, .5])),
    "roc_auc_single_class": case("roc_auc_score", fixed(ALL_ONE, [0.1, 0.4, 0.3, 0.2]),
                                 expect="Only one class is present"),
    "roc_auc_every_score_tied": case("roc_auc_score", fixed([0, 1, 1, 0], [.5, .5, .5, .5])),
    "roc_auc_multiclass_unasked": case("roc_auc_score", probabilities,
                                       expect="multi_class must be in"),
    "roc_auc_multiclass_1d_scores": case("roc_auc_score", fixed([0, 1, 2, 0], [.1, .4, .3, .2]),
                                         multi_class="ovr", expect="needs to be of shape"),
    "roc_auc_not_probabilities": case("roc_auc_score", fixed([0, 1, 2], np.full((3, 3), .5)),
                                      multi_class="ovo", expect="need to be probabilities"),
    "roc_auc_ovo_micro": case("roc_auc_score", probabilities, multi_class="ovo",
                              average="micro", expect="for multiclass problems"),
    "roc_auc_ovo_per_class": case("roc_auc_score", probabilities, multi_class="ovo",
                                  average=None, expect="not implemented"),
    "roc_auc_ovo_weighted_samples": case("roc_auc_score", weighted(probabilities),
                                         multi_class="ovo", expect="not supported"),
    "roc_auc_ovr_class_count": case("roc_auc_score", lambda rng: probabilities(rng, k=3),
                                    multi_class="ovr", labels=[0, 1, 2, 3],
                                    expect="Number of given labels, 4"),
    "roc_auc_ovr_unordered_labels": case("roc_auc_score", probabilities, multi_class="ovr",
                                         labels=[2, 1, 0], expect="must be ordered"),
    "roc_auc_ovr_class_absent": case("roc_auc_score",
                                     fixed([0, 1, 1, 0], np.full((4, 3), 1 / 3)),
                                     multi_class="ovr", labels=[0, 1, 2],
                                     expect="Only one class is present"),
    "roc_auc_two_columns": case("roc_auc_score", fixed([0, 1], [[.4, .6], [.7, .3]]),
                                expect="y_score must have shape (n_samples,)"),
    # top-k
    "top_k_at_least_the_classes": case("top_k_accuracy_score", probabilities, k=3,
                                       expect="will result in a perfect score"),
    "top_k_tied_scores": case("top_k_accuracy_score", fixed([0, 1, 2, 1], np.full((4, 3), 1 / 3))),
    "top_k_binary_2d_scores": case("top_k_accuracy_score", fixed([0, 1, 1], np.full((3, 3), .3)),
                                   expect="`y_true` is binary while y_score is 2d"),
    "top_k_multiclass_1d_scores": case("top_k_accuracy_score", fixed([0, 1, 2], [.1, .5, .9]),
                                       expect="needs to be of shape"),
    "top_k_class_count": case("top_k_accuracy_score", fixed([0, 1, 2], np.full((3, 4), .25)),
                              expect="Number of classes in 'y_true' (3)"),
    "top_k_unordered_labels": case("top_k_accuracy_score", probabilities, labels=[2, 0, 1],
                                   expect="must be ordered"),
    "top_k_label_outside": case("top_k_accuracy_score", fixed([0, 1, 5], np.full((3, 3), 1 / 3)),
                                labels=[0, 1, 2], expect="contains labels not in"),
    # precision-recall
    "pr_curve_no_positives": case("precision_recall_curve", fixed(ALL_ZERO, [.1, .4, .3, .2]),
                                  expect="No positive class found"),
    "pr_curve_every_score_tied": case("precision_recall_curve", fixed([0, 1, 1, 0], [.5] * 4),
                                      drop_intermediate=True),
    "average_precision_no_positives": case("average_precision_score",
                                           fixed(ALL_ZERO, [.1, .4, .3, .2]),
                                           expect="No positive class found"),
    "average_precision_pos_label_absent": case("average_precision_score",
                                               fixed([0, 2, 2, 0], [.1, .4, .3, .2]),
                                               expect="pos_label=1 is not a valid label"),
    "average_precision_multiclass": case("average_precision_score",
                                         fixed([0, 1, 2, 0], [.1, .4, .3, .2]),
                                         expect="must hold at most two classes"),
    # log loss
    "log_loss_one_label": case("log_loss", fixed(ALL_ONE, [0.9, 0.8, 0.7, 0.9]),
                               expect="y_true contains only one label"),
    "log_loss_rows_not_summing_to_one": case("log_loss",
                                             fixed([0, 1, 2], np.full((3, 3), 0.5)),
                                             expect="do not sum to one"),
    "log_loss_above_one": case("log_loss", fixed([0, 1, 1], [0.2, 1.5, 0.9]),
                               expect="greater than 1"),
    "log_loss_below_zero": case("log_loss", fixed([0, 1, 1], [0.2, -0.5, 0.9]),
                                expect="lower than 0"),
    "log_loss_class_count": case("log_loss", fixed([0, 1, 2], np.full((3, 2), 0.5)),
                                 expect="different number of classes"),
    "log_loss_labels_count": case("log_loss", fixed([0, 1, 2], np.full((3, 2), 0.5)),
                                  labels=[0, 1, 2], expect="number of classes in labels"),
    "log_loss_unsorted_labels": case("log_loss", fixed([0, 1, 0], [[.8, .2], [.3, .7], [.6, .4]]),
                                     labels=[1, 0], expect="ordered lexicographically"),
    "log_loss_undeclared_label": case("log_loss", fixed([0, 1, 5], np.full((3, 2), 0.5)),
                                      labels=[0, 1], expect="not belonging to the passed labels"),
    "log_loss_certain_and_wrong": case("log_loss", fixed([0, 1, 1, 0], [0.0, 1.0, 0.0, 1.0])),
    # calibration
    "calibration_empty_bins": case("calibration_curve", fixed([0, 1, 1, 0], [.1, .12, .9, .95]),
                                   n_bins=10),
    "calibration_tied_quantiles": case("calibration_curve", fixed([0, 1, 1, 0], [.5] * 4),
                                       strategy="quantile"),
    "calibration_outside_0_1": case("calibration_curve", fixed([0, 1], [0.5, 1.5]),
                                    expect="outside [0, 1]"),
    "calibration_multiclass": case("calibration_curve", fixed([0, 1, 2], [.1, .5, .9]),
                                   pos_label=1, expect="Only binary classification"),
    "calibration_labels_without_pos_label": case("calibration_curve",
                                                 fixed([0, 2, 2, 0], [.1, .4, .3, .2]),
                                                 expect="pos_label is not specified"),
    # Brier score
    "brier_multiclass_as_binary": case("brier_score_loss", fixed([0, 1, 2], [0.2, 0.5, 0.9]),
                                       expect="should be binary"),
    "brier_above_one": case("brier_score_loss", fixed([0, 1, 1], [0.2, 1.5, 0.9]),
                            expect="greater than 1"),
    "brier_below_zero": case("brier_score_loss", fixed([0, 1, 1], [0.2, -0.5, 0.9]),
                             expect="less than 0"),
    "brier_one_class_all_right": case("brier_score_loss", fixed(ALL_ONE, [1.0, 1.0, 1.0, 1.0])),
    "brier_rows_not_summing_to_one": case("brier_score_loss",
                                          fixed([0, 1, 2], np.full((3, 3), 0.5)),
                                          expect="do not sum to one"),
    "brier_class_count": case("brier_score_loss", fixed([0, 1, 2], np.full((3, 2), 0.5)),
                              expect="different number of classes"),
    # regression
    "r2_one_sample": case("r2_score", fixed([1.5], [2.0]), expect="less than two samples"),
    "r2_constant_target_missed": case("r2_score", fixed([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])),
    "r2_constant_target_hit": case("r2_score", fixed([2.0, 2.0, 2.0], [2.0, 2.0, 2.0])),
    "r2_constant_not_forced_finite": case("r2_score", fixed([2.0, 2.0, 2.0], [1.0, 2.0, 3.0]),
                                          force_finite=False, expect="divide by zero"),
    "r2_variance_weighted_all_constant": case("r2_score",
                                              fixed([[1.0, 2.0], [1.0, 2.0]], [[1.0, 3.0],
                                                                               [1.0, 1.0]]),
                                              multioutput="variance_weighted"),
}

BAD_INPUT = {
    "nan_prediction": case("accuracy_score", fixed([0, 1], [0.0, np.nan]),
                           expect="y_pred contains NaN"),
    "length_mismatch": case("f1_score", fixed([0, 1, 1], [0, 1]),
                            expect="y_true has 3 samples, but y_pred has 2"),
    "empty": case("accuracy_score", fixed([], []), expect="y_true is empty"),
    "labels_not_integers": case("accuracy_score", fixed([0, 1], [0.5, 1.0]),
                                expect="must hold integer class labels"),
    "labels_2d": case("confusion_matrix", fixed([[0, 1]], [[0, 1]]), expect="must be a 1-D"),
    "string_labels": case("precision_score", fixed(["a", "b"], ["a", "a"]),
                          expect="must hold integer class labels"),
    "scores_3d": case("roc_auc_score", fixed([0, 1], np.zeros((2, 2, 2))),
                      expect="y_score must have shape (n_samples,) or (n_samples, n_outputs)"),
    "scores_inf": case("roc_curve", fixed([0, 1], [0.1, np.inf]),
                       expect="y_score contains infinity"),
    "regression_shapes": case("mean_squared_error", fixed([1.0, 2.0], [[1.0], [2.0]]),
                              expect="same shape"),
    "regression_nan": case("r2_score", fixed([1.0, np.nan], [1.0, 2.0]),
                           expect="y_true contains NaN"),
    "negative_weights": case("mean_absolute_error", fixed([1.0, 2.0], [1.0, 2.0], [1.0, -1.0]),
                             expect="sample_weight must be >= 0", keywords=("sample_weight",)),
    "weights_all_zero": case("accuracy_score", fixed([0, 1], [0, 1], [0.0, 0.0]),
                             expect="not all 0", keywords=("sample_weight",)),
    "unknown_average": case("f1_score", classes, average="mean",
                            expect="average must be one of"),
    "negative_beta": case("precision_recall_fscore_support", classes, beta=-1.0,
                          expect="beta must be a finite number >= 0"),
    "bad_zero_division": case("precision_score", binary, zero_division=2,
                              expect="zero_division must be"),
    "pos_label_text": case("f1_score", binary, pos_label="1", expect="pos_label must be an "
                                                                     "integer"),
    "repeated_labels": case("confusion_matrix", classes, labels=[0, 0, 1],
                            expect="labels must not repeat"),
    "unknown_multioutput": case("r2_score", targets, multioutput="median",
                                expect="multioutput must be one of"),
    "normalize_not_a_flag": case("accuracy_score", classes, normalize="yes",
                                 expect="normalize must be True or False"),
    "report_no_labels": case("classification_report", classes, labels=[],
                             expect="labels must hold at least one label"),
    "log_loss_no_labels": case("log_loss", probabilities, labels=[],
                               expect="labels must hold at least one label"),
    "report_names_not_strings": case("classification_report", classes, target_names=[0, 1, 2],
                                     expect="target_names must be a list of strings"),
    "report_negative_digits": case("classification_report", classes, digits=-1,
                                   expect="digits must be an integer"),
    "adjusted_not_a_flag": case("balanced_accuracy_score", classes, adjusted=1,
                                expect="adjusted must be True or False"),
    "unknown_kappa_weights": case("cohen_kappa_score", classes, weights="cubic",
                                  expect="weights must be one of"),
    "kappa_replacement_out_of_range": case("cohen_kappa_score", classes,
                                           replace_undefined_by=2.0,
                                           expect="must be nan or a number in [-1, 1]"),
    "scale_by_half_text": case("brier_score_loss", lambda rng: (scores(rng)[0], rng.random(N)),
                               scale_by_half="yes", expect="scale_by_half must be True or False"),
    "unknown_strategy": case("calibration_curve", fixed([0, 1], [.2, .7]), strategy="kmeans",
                             expect="strategy must be one of"),
    "n_bins_zero": case("calibration_curve", fixed([0, 1], [.2, .7]), n_bins=0,
                        expect="n_bins must be an integer"),
    "k_zero": case("top_k_accuracy_score", probabilities, k=0, expect="k must be an integer"),
    "unknown_multi_class": case("roc_auc_score", probabilities, multi_class="ovx",
                                expect="multi_class must be one of"),
    "unknown_ap_average": case("average_precision_score", scores, average="mean",
                               expect="average must be one of"),
    "mcc_string_labels": case("matthews_corrcoef", fixed(["a", "b"], ["a", "a"]),
                              expect="must hold integer class labels"),
}


def bench_classes(rng, N, K):
    return classes(rng, N, K)


BENCH = {
    "accuracy": case("accuracy_score", bench_classes),
    "confusion_matrix": case("confusion_matrix", bench_classes),
    "f1_macro": case("f1_score", bench_classes, average="macro"),
    "mcc": case("matthews_corrcoef", bench_classes),
    "kappa_quadratic": case("cohen_kappa_score", bench_classes, weights="quadratic"),
    "roc_auc": case("roc_auc_score", lambda rng, N, K: scores(rng, N, decimals=3)),
    "roc_auc_ovr": case("roc_auc_score", lambda rng, N, K: probabilities(rng, N, K),
                        multi_class="ovr"),
    "average_precision": case("average_precision_score",
                              lambda rng, N, K: scores(rng, N, decimals=3)),
    "log_loss": case("log_loss", lambda rng, N, K: probabilities(rng, N, K)),
    "r2": case("r2_score", lambda rng, N, K: targets(rng, N, K), multioutput="raw_values"),
}

SPEC = MetricSpec(cases={**VALUES, **DEGENERATE, **BAD_INPUT}, bench=BENCH)
