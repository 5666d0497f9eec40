"""The bug zoo of gradient_boosting: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: regressors, classifiers
    Mutant("log-loss leaves keep the mean residual: no Newton step",
           "        p = y - residual\n", "        return\n",
           frozenset({"fitted", "predict"})),
    Mutant("each tree added at full size, without the learning rate",
           "F = F + self.learning_rate * tree.tree_.value[leaves, 0, 0]",
           "F = F + tree.tree_.value[leaves, 0, 0]", frozenset({"fitted", "predict"})),
    Mutant("boosting starts from 0 instead of the mean",
           "self.init_raw_ = y.mean()", "self.init_raw_ = 0.0",
           frozenset({"fitted", "predict"})),
    Mutant("log-loss gradient with the wrong sign",
           "return y - sigmoid(F)", "return sigmoid(F) - y", frozenset({"fitted", "predict"})),
    Mutant("training score as half the squared error",
           "return np.mean((y - F) ** 2)", "return 0.5 * np.mean((y - F) ** 2)",
           frozenset({"fitted"})),
]
