"""The bug zoo of perceptron: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: binary, small steps without bias, iris one-vs-rest
    Mutant("a point on the boundary counted as right (< where <= belongs)",
           "mistakes = np.flatnonzero(y[i:i + block] * scores <= 0)",
           "mistakes = np.flatnonzero(y[i:i + block] * scores < 0)",
           frozenset({"fitted", "predict"})),
    Mutant("the update subtracts where it should add",
           "w += eta0 * y[j] * X[j]", "w -= eta0 * y[j] * X[j]",
           frozenset({"fitted", "predict"})),
    Mutant("the scan jumps past the sample after a mistake",
           "i, block = j + 1, max(8, block // 2)", "i, block = j + 2, max(8, block // 2)",
           frozenset({"fitted"})),
    Mutant("labels as 0/1 instead of -1/+1",
           "y_k = np.where(y == target, 1.0, -1.0)", "y_k = np.where(y == target, 1.0, 0.0)",
           frozenset({"fitted", "predict"})),
    Mutant("textbook: a point on the boundary counted as right",
           "if y_i * (x_i @ w + b) <= 0:", "if y_i * (x_i @ w + b) < 0:", frozenset({"fitted"})),
]
