"""The bug zoo of logistic_regression: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("sign flip in the gradient",
           "        dz = (sigmoid(z) - y) / N", "        dz = (y - sigmoid(z)) / N",
           GRADIENT_CHECKS),
    Mutant("sigmoid derivative written as s instead of s(1-s)",
           "        dz = (sigmoid(z) - y) / N",
           # dL/dp = (p - y) / (p (1 - p) N), times the wrong dp/dz = p instead of p (1 - p)
           "        dz = (sigmoid(z) - y) / (sigmoid(z) * (1 - sigmoid(z)) * N) * sigmoid(z)",
           GRADIENT_CHECKS),
    Mutant("input gradient with the wrong transpose",
           'grads["X"] = dz[:, None] * self.W.T', 'grads["X"] = self.W @ dz[None, :]',
           frozenset({"gradients", "finite_differences"})),
    Mutant("labels not cast: float32 runs quietly in float64",
           "        y = y.astype(z.dtype)                                  # labels as numbers, "
           "like z\n        loss = np.mean",
           "        loss = np.mean", frozenset({"gradients"})),
]
