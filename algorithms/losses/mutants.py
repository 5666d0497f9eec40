"""The bug zoo of losses: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import FUNCTION_GRADIENT_CHECKS, Mutant

MUTANTS = [
    # each function is a variant of the pair
    Mutant("MSE gradient without the factor 2",
           "dL * (2 / Y_hat.size) * (Y_hat - Y)", "dL * (1 / Y_hat.size) * (Y_hat - Y)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("BCE gradient averaged over rows instead of elements",
           "(sigmoid(Z) - Y) / Z.size", "(sigmoid(Z) - Y) / Z.shape[0]",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("cross-entropy gradient without subtracting the one-hot",
           "    dZ[np.arange(N), y] -= dL / N", "    pass", FUNCTION_GRADIENT_CHECKS),
    Mutant("soft-target gradient that assumes rows of P sum to 1",
           "softmax(Z) * P.sum(axis=1, keepdims=True) - P", "softmax(Z) - P",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("hinge counts the true class's own margin",
           "    margins[np.arange(N), y] = 0                                   # j != y_i only\n",
           # a constant 1/K per row: the value is wrong, the gradient of a constant is not
           "", frozenset({"values"})),
    Mutant("hinge gradient of the true class with the wrong sign",
           "dZ[np.arange(N), y] = -active.sum(axis=1)", "dZ[np.arange(N), y] = active.sum(axis=1)",
           FUNCTION_GRADIENT_CHECKS),
]
