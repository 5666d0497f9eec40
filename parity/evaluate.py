"""Evaluation beyond accuracy: one report per classifier pair, computed with the scratch
metrics and checked against scikit-learn's in the same run.

    python -m parity evaluate [NAME ...] [--out evaluation]

Each classifier pair (its first classifier variant) is fitted, both sides, on 70% of its
parity data (a seeded split, each feature standardized by the training part's mean and
deviation) and judged on the other 30%:

    summary        accuracy, balanced accuracy, Matthews' correlation, Cohen's kappa
    confusion      the confusion matrix (rows: true class, columns: predicted)
    per class      precision, recall, F1 and support (classification_report)
    curves         per class, one against the rest: the precision-recall curve and average
                   precision, the ROC curve and its area
    reliability    where the model gives probabilities: per class, the share of that class
                   among the samples given each probability (calibration_curve)

Every number comes from algorithms/metrics/scratch.py and is recomputed by sklearn.metrics
on the same arrays; the report says "equal to scikit-learn" only when every one of them is
equal to the bit, and names the first that is not otherwise. The figures are PNG files beside
the report (report.md, report.json).
"""

import json
from pathlib import Path

import numpy as np

from algorithms.metrics import framework as sklearn_metrics
from algorithms.metrics import scratch as scratch_metrics
from parity.compare import compare
from parity.plots import _pyplot, first_variant, is_classifier
from parity.seeding import make_rng

TEST_SHARE = 0.3


def training(pair):
    """A gradient classifier's training for the evaluation: 10 epochs of minibatches of 32 at
    the spec's learning rate (an estimator keeps its own settings)."""
    return {"batch_size": 32, "epochs": 10, "lr": pair.spec.hyperparams.get("lr", 0.1)}


def classifier_pairs(pairs):
    """The classifier variant of each pair that has one (estimator and gradient kinds)."""
    found = []
    for pair in pairs:
        if not hasattr(pair.kind, "figure_fits"):
            continue
        variant = first_variant(pair)
        if is_classifier(variant):
            found.append(variant)
    return found


def split(X, y, seed=0):
    """A seeded split, (X_train, y_train, X_test, y_test), the test share TEST_SHARE; each
    feature standardized by the training part's mean and deviation (a constant one left)."""
    order = make_rng(seed).permutation(len(X))
    cut = round(len(X) * (1 - TEST_SHARE))
    X_train, X_test = X[order[:cut]], X[order[cut:]]
    mean, deviation = X_train.mean(axis=0), X_train.std(axis=0)
    deviation[deviation == 0] = 1.0
    return ((X_train - mean) / deviation, y[order[:cut]], (X_test - mean) / deviation,
            y[order[cut:]])


def class_scores(model, X):
    """(scores, are they probabilities): predict_proba (N, K) where the model has it, else
    decision_function ((N,) for two classes: the score of the larger)."""
    if hasattr(model, "predict_proba"):
        return np.asarray(model.predict_proba(X), dtype=np.float64), True
    return np.asarray(model.decision_function(X), dtype=np.float64), False


def one_vs_rest(scores, classes):
    """{class: its score column} for the curves; (N,) scores stand for the larger class."""
    if scores.ndim == 1:
        return {classes[-1]: scores}
    return {label: scores[:, k] for k, label in enumerate(classes)}


def measure(metrics, y_true, y_pred, scores, probabilities, classes):
    """Every number of the report, computed with `metrics` (a module of the metrics pair)."""
    report = {
        "accuracy": metrics.accuracy_score(y_true, y_pred),
        "balanced_accuracy": metrics.balanced_accuracy_score(y_true, y_pred),
        "matthews_corrcoef": metrics.matthews_corrcoef(y_true, y_pred),
        "cohen_kappa": metrics.cohen_kappa_score(y_true, y_pred),
        "confusion_matrix": metrics.confusion_matrix(y_true, y_pred, labels=classes),
        "per_class": metrics.classification_report(y_true, y_pred, labels=classes,
                                                   output_dict=True, zero_division=0),
        "curves": {},
    }
    for label, column in one_vs_rest(scores, classes).items():
        positive = (y_true == label).astype(np.int64)
        curves = {"precision_recall": metrics.precision_recall_curve(positive, column),
                  "average_precision": metrics.average_precision_score(positive, column),
                  "roc": metrics.roc_curve(positive, column),
                  "roc_auc": metrics.roc_auc_score(positive, column)}
        if probabilities:
            curves["reliability"] = metrics.calibration_curve(positive, column, n_bins=10)
        report["curves"][int(label)] = curves
    return report


def first_difference(ours, theirs):
    """The name of the first number that is not bit-equal (NaN equal to NaN), or None."""
    failures = compare(ours, theirs, None, exact=True, equal_nan=True).failures()
    return failures[0].name if failures else None


def evaluate(pair, seed=0):
    """Both sides of a classifier pair fitted and judged: {side: report}, each checked."""
    X, y = pair.spec.data(make_rng(seed))
    X_train, y_train, X_test, y_test = split(np.asarray(X, dtype=np.float64), np.asarray(y),
                                             seed)
    models = pair.kind.figure_fits(pair, X_train, y_train, **training(pair))
    classes = np.unique(y)
    result = {"pair": pair.name, "n_train": len(y_train), "n_test": len(y_test),
              "classes": classes.tolist(), "sides": {}}
    for side, model in zip(("scratch", "framework"), models, strict=True):
        y_pred = np.asarray(model.predict(X_test))
        scores, probabilities = class_scores(model, X_test)
        ours = measure(scratch_metrics, y_test, y_pred, scores, probabilities, classes)
        theirs = measure(sklearn_metrics, y_test, y_pred, scores, probabilities, classes)
        result["sides"][side] = {"report": ours, "probabilities": probabilities,
                                 "differs_from_sklearn": first_difference(ours, theirs),
                                 "y_pred": y_pred, "scores": scores}
    result["y_test"] = y_test
    return result


def write(result, folder):
    """report.md, report.json and the figures of one evaluation into folder; their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "report.md", folder / "report.json"]
    paths[0].write_text(markdown(result))
    paths[1].write_text(json.dumps(_jsonable(result), indent=1))
    for side in result["sides"]:
        paths += figures(result, side, folder)
    return paths


def markdown(result):
    """The report as a page: the summary of both sides, then each side's classes."""
    lines = [f"# {result['pair']}: evaluation on {result['n_test']} held-out samples",
             "", f"Fitted on {result['n_train']} samples of the pair's parity data (a seeded "
             f"{1 - TEST_SHARE:.0%} split); every number computed with the scratch metrics "
             "and recomputed by scikit-learn.", "",
             "| side | accuracy | balanced | MCC | kappa | scikit-learn |",
             "|---|---|---|---|---|---|"]
    for side, outcome in result["sides"].items():
        report = outcome["report"]
        check = outcome["differs_from_sklearn"]
        lines.append(f"| {side} | {report['accuracy']:.4f} | {report['balanced_accuracy']:.4f} "
                     f"| {report['matthews_corrcoef']:.4f} | {report['cohen_kappa']:.4f} | "
                     f"{'equal to the bit' if check is None else 'DIFFERS at ' + check} |")
    for side, outcome in result["sides"].items():
        report = outcome["report"]
        lines += ["", f"## {side}", "", "| class | precision | recall | F1 | support | AP | "
                  "ROC AUC |", "|---|---|---|---|---|---|---|"]
        for label in result["classes"]:
            row = report["per_class"][f"{label}"]
            curves = report["curves"].get(int(label), {})
            ap, auc = curves.get("average_precision"), curves.get("roc_auc")
            lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                         f"{row['f1-score']:.3f} | {row['support']:.0f} | "
                         f"{'' if ap is None else f'{ap:.3f}'} | "
                         f"{'' if auc is None else f'{auc:.3f}'} |")
        if not outcome["probabilities"]:
            lines += ["", "The model gives decision_function scores, not probabilities: one "
                      "score for the larger class, so its curves alone, and no reliability "
                      "diagram."]
        names = ["confusion", "precision_recall", "roc"] + (
            ["reliability"] if outcome["probabilities"] else [])
        lines += [""] + [f"![{name}]({side}_{name}.png)" for name in names]
    return "\n".join(lines) + "\n"


def figures(result, side, folder):
    """The confusion matrix, the PR and ROC curves and the reliability diagram of a side."""
    plt = _pyplot()
    report, paths = result["sides"][side]["report"], []
    title = f"{result['pair']} ({side})"

    figure, axis = plt.subplots(figsize=(4.8, 4.2))
    matrix = report["confusion_matrix"]
    axis.imshow(matrix, cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        axis.text(j, i, f"{count}", ha="center", va="center", fontsize=7)
    axis.set_xticks(range(len(matrix)), result["classes"])
    axis.set_yticks(range(len(matrix)), result["classes"])
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    axis.set_title(f"{title}: confusion matrix", fontsize=10)
    paths.append(_save(plt, figure, folder / f"{side}_confusion.png"))

    panels = (("precision_recall", "recall", "precision", lambda c: (c[1], c[0]),
               "average_precision", "AP"),
              ("roc", "false positive rate", "true positive rate", lambda c: (c[0], c[1]),
               "roc_auc", "AUC"))
    for name, x_label, y_label, xy, summary, short in panels:
        figure, axis = plt.subplots(figsize=(5, 4.2))
        for label, curves in report["curves"].items():
            x, y = xy(curves[name])
            axis.plot(x, y, drawstyle="steps-post" if name == "precision_recall" else "default",
                      label=f"{label} ({short} {curves[summary]:.2f})", linewidth=1)
        axis.set_xlabel(x_label)
        axis.set_ylabel(y_label)
        axis.set_title(f"{title}: {name.replace('_', '-')} per class", fontsize=10)
        axis.legend(fontsize=6)
        paths.append(_save(plt, figure, folder / f"{side}_{name}.png"))

    if result["sides"][side]["probabilities"]:
        figure, axis = plt.subplots(figsize=(5, 4.2))
        axis.plot([0, 1], [0, 1], ":", color="gray", label="calibrated")
        for label, curves in report["curves"].items():
            prob_true, prob_pred = curves["reliability"]
            axis.plot(prob_pred, prob_true, "o-", markersize=3, linewidth=1, label=f"{label}")
        axis.set_xlabel("predicted probability")
        axis.set_ylabel("share of the class")
        axis.set_title(f"{title}: reliability per class", fontsize=10)
        axis.legend(fontsize=6)
        paths.append(_save(plt, figure, folder / f"{side}_reliability.png"))
    return paths


def _save(plt, figure, path):
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return path


def _jsonable(value):
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return str(value)
    return value.item() if isinstance(value, np.generic) else value
