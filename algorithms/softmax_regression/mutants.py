"""The bug zoo of softmax_regression: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("softmax gradient without subtracting the one-hot",
           "dZ[np.arange(N), y] -= 1", "pass", GRADIENT_CHECKS),
    Mutant("missing 1/N",
           "dZ /= N ", "dZ /= 1 ", GRADIENT_CHECKS),
    Mutant("weight gradient with the wrong transpose",
           "dW = X.T @ dZ ", "dW = dZ.T @ X ", GRADIENT_CHECKS),
    Mutant("fit ignores the given batch order",
           "self.loss_history_ = train(self.step, X, y, batches)",
           "self.loss_history_ = train(self.step, X, y, batches[::-1])",
           frozenset({"fit"})),
]
