"""python -m parity evaluate: every classifier pair judged beyond accuracy, the scratch metrics
checked against scikit-learn's in the same run."""

import numpy as np
import pytest
from sklearn import metrics

import parity.evaluate
from parity.cli import main
from parity.evaluate import classifier_pairs, evaluate, write
from parity.mutation import Mutant, mutate
from parity.registry import discover

CLASSIFIERS = classifier_pairs(discover())


def test_every_classifier_pair_is_evaluated():
    names = {pair.name.split("/")[0] for pair in CLASSIFIERS}
    assert {"logistic_regression", "softmax_regression", "mlp", "cnn", "naive_bayes", "knn",
            "decision_tree", "svm", "perceptron"} <= names
    assert not names & {"kmeans", "pca", "linear_regression", "metrics", "activations"}


@pytest.mark.slow
@pytest.mark.parametrize("pair", CLASSIFIERS, ids=lambda pair: pair.name)
def test_the_report_equals_scikit_learn_on_the_same_predictions(pair):
    """The run's own check says equal, and sklearn.metrics called here directly on the
    predictions and scores it judged gives the same numbers, to the bit."""
    result = evaluate(pair)
    y_test = result["y_test"]
    for side, outcome in result["sides"].items():
        assert outcome["differs_from_sklearn"] is None, (side, outcome["differs_from_sklearn"])
        report, y_pred, scores = outcome["report"], outcome["y_pred"], outcome["scores"]
        assert report["accuracy"] == metrics.accuracy_score(y_test, y_pred)
        assert report["matthews_corrcoef"] == metrics.matthews_corrcoef(y_test, y_pred)
        np.testing.assert_array_equal(report["confusion_matrix"], metrics.confusion_matrix(
            y_test, y_pred, labels=result["classes"]))
        assert report["per_class"] == metrics.classification_report(
            y_test, y_pred, labels=result["classes"], output_dict=True, zero_division=0)
        for label, curves in report["curves"].items():
            column = scores if scores.ndim == 1 else scores[:, result["classes"].index(label)]
            positive = (y_test == label).astype(int)
            assert curves["average_precision"] == metrics.average_precision_score(positive,
                                                                                   column)
            assert curves["roc_auc"] == metrics.roc_auc_score(positive, column)
        assert report["accuracy"] > 1 / len(result["classes"]), f"{pair.name} {side}: chance"


def test_a_metric_that_differs_from_scikit_learn_is_named(monkeypatch):
    """The in-run check can fail: a mistake planted in the scratch metrics shows in the
    report, by the path of the first number it changes."""
    (metrics_pair,) = discover(names=["metrics"])
    broken = mutate(metrics_pair, Mutant("MCC without the product of the totals",
                                         "cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)",
                                         "cov_ytyp = n_correct * n_samples", frozenset()))
    monkeypatch.setattr(parity.evaluate, "scratch_metrics", broken.scratch)
    (pair,) = classifier_pairs(discover(names=["naive_bayes"]))
    result = evaluate(pair)
    assert result["sides"]["scratch"]["differs_from_sklearn"] == "matthews_corrcoef"


def test_the_command_writes_the_report_and_its_figures(tmp_path, capsys):
    assert main(["evaluate", "naive_bayes", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("equal to scikit-learn") == 2                 # scratch and framework
    folder = tmp_path / "naive_bayes"
    names = {path.name for path in folder.iterdir()}
    assert {"report.md", "report.json", "scratch_confusion.png", "framework_roc.png",
            "scratch_precision_recall.png", "framework_reliability.png"} <= names
    report = (folder / "report.md").read_text()
    assert "| scratch |" in report
    assert "equal to the bit" in report


def test_a_model_without_probabilities_gets_no_reliability_diagram(tmp_path):
    (pair,) = classifier_pairs(discover(names=["svm"]))              # decision_function only
    names = {path.name for path in write(evaluate(pair), tmp_path)}
    assert "scratch_roc.png" in names
    assert not any("reliability" in name for name in names)


def test_a_pair_that_is_no_classifier_is_refused(capsys, tmp_path):
    assert main(["evaluate", "kmeans", "--out", "unused"]) == 2
    assert "error: not a classifier pair: kmeans; the classifier pairs: " in (
        capsys.readouterr().err)
    file = tmp_path / "a_file"
    file.write_text("")
    assert main(["evaluate", "naive_bayes", "--out", str(file)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_a_name_given_twice_is_evaluated_once(tmp_path, capsys):
    assert main(["evaluate", "naive_bayes", "naive_bayes", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("equal to scikit-learn") == 2
