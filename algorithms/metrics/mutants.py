"""The bug zoo of metrics: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import VALUES, Mutant

MUTANTS = [
    # one check, "values": each mutant must fail some of the metric cases
    Mutant("macro average weighted by support",
           'weights = true_sum if average == "weighted" else None',
           'weights = true_sum if average in ("weighted", "macro") else None', VALUES),
    Mutant("micro average taken as the mean of per-label scores",
           'if average == "micro":                                              # pool',
           'if average == "never":                                              # pool',
           VALUES),
    Mutant("confusion matrix transposed (rows are predictions)",
           "cell = true_index[kept] * K + pred_index[kept]",
           "cell = pred_index[kept] * K + true_index[kept]", VALUES),
    Mutant("an undefined F-score warns about precision and recall too",
           'if zero_division == "warn" and metric in warn_for:',
           'if zero_division == "warn":', VALUES),
    Mutant("tied scores not grouped into one threshold",
           "last_of_each_score = np.append(np.flatnonzero(np.diff(y_score)), len(y_score) - 1)",
           "last_of_each_score = np.arange(len(y_score))", VALUES),
    Mutant("ROC points dropped where only one count bends",
           "bends = np.diff(fps, 2).astype(bool) | np.diff(tps, 2).astype(bool)",
           "bends = np.diff(fps, 2).astype(bool) & np.diff(tps, 2).astype(bool)", VALUES),
    Mutant("AUC by right rectangles instead of trapezoids (ties not halved)",
           "np.sum(dx * (y[1:] + y[:-1]) / 2.0)", "np.sum(dx * y[1:])", VALUES),
    Mutant("log loss without clipping: certain and wrong gives inf",
           "    y_proba = np.clip(y_proba, eps, 1 - eps)", "    y_proba = y_proba", VALUES),
    Mutant("R^2 about the unweighted mean",
           "(y_true - _average(y_true, sample_weight))", "(y_true - _average(y_true))", VALUES),
    Mutant("R^2 of a constant target left at -inf",
           "scores[(residual != 0) & (total == 0)] = 0.0",
           "scores[(residual != 0) & (total == 0)] = -np.inf", VALUES),
]
