"""The bug zoo of svm: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: RBF, hard margin, linear, poly, sigmoid, iris ovr/ovo, early stop, primal
    Mutant("SMO without the KKT check: a fixed budget of steps (50 per sample), as in "
           "simplified SMO's passes", "if m + lowest < tol or not candidates.any():",
           "if steps >= 50 * n or not candidates.any():", frozenset({"fitted"})),
    Mutant("the first-order choice of j (the most violating) for libsvm's second-order",
           "j = last_argmax(np.where(candidates, -decrease, -np.inf))",
           "j = last_argmax(np.where(candidates, violation, -np.inf))", frozenset({"fitted"})),
    Mutant("rho averaged over every coefficient, not the free ones",
           "free = (alpha > 0) & (alpha < C)", "free = alpha >= 0",
           frozenset({"fitted", "predict"})),
    Mutant("the kernel rows kept in float64, not libsvm's float32",
           "kernel_matrix.astype(np.float32).astype(np.float64)",
           "kernel_matrix.astype(np.float64)", frozenset({"fitted"})),
    Mutant("textbook: the RBF kernel of |x - z|, not |x - z|^2",
           "squared = ((X[:, None, :] - Z[None, :, :]) ** 2).sum(axis=2)",
           "squared = np.sqrt(((X[:, None, :] - Z[None, :, :]) ** 2).sum(axis=2))",
           frozenset({"fitted", "predict"})),
    Mutant("the primal step without the weight decay of alpha/2 |w|^2",
           "            w *= max(0.0, 1.0 - eta * alpha)", "            pass",
           frozenset({"fitted", "predict"})),
]
