"""The bug zoo of decision_tree: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: gini grown out, entropy depth 3, leaves of 5, iris, regressors
    Mutant("threshold at the lower value instead of halfway",
           "threshold = float(low) / 2.0 + float(high) / 2.0", "threshold = float(low)",
           frozenset({"fitted"})),
    Mutant("children's impurities not weighted by their sizes",
           "proxy = (-w_right * impurity_of(criterion, right, w_right)\n"
           "                 - w_left * impurity_of(criterion, left, w_left))",
           "proxy = (-impurity_of(criterion, right, w_right)\n"
           "                 - impurity_of(criterion, left, w_left))",
           frozenset({"fitted", "predict"})),
    Mutant("entropy in nats where scikit-learn counts bits",
           "shares * (np.log(shares) / np.log(2.0))", "shares * np.log(shares)",
           frozenset({"fitted"})),
    Mutant("min_samples_leaf enforced on the left child only",
           "& (n_left >= min_samples_leaf) & (n - n_left >= min_samples_leaf))",
           "& (n_left >= min_samples_leaf))", frozenset({"fitted", "predict"})),
    Mutant("regression split ranked by the sums, not their squares",
           "proxy = left[..., 0] ** 2 / w_left + right[..., 0] ** 2 / w_right",
           "proxy = left[..., 0] / w_left + right[..., 0] / w_right", frozenset({"fitted"})),
    Mutant("textbook: the last of equal splits wins",
           "if best is None or cost < best[0]:", "if best is None or cost <= best[0]:",
           frozenset({"fitted"})),
]
