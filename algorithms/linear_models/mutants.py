"""The bug zoo of linear_models: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: lasso at three alphas, elastic net, ridge, the paths
    Mutant("lasso without soft thresholding: no coefficient is ever 0",
           "w[j] = soft_threshold(Xc[:, j] @ R, l1) / (column_norms[j] + l2)",
           "w[j] = (Xc[:, j] @ R) / (column_norms[j] + l2)", frozenset({"fitted", "predict"})),
    Mutant("the residual not moved after a coordinate changes",
           "                R -= w[j] * Xc[:, j]                                   # and back",
           "                R -= 0 * Xc[:, j]                                   # and back",
           frozenset({"fitted", "predict"})),
    Mutant("the gap checked after every pass, not only after a small step",
           "        if largest == 0 or change / largest < step_tol or passes == max_iter:\n"
           "            gap = duality_gap(Xc, yc, R, w, l1, l2)",
           "        if True:\n            gap = duality_gap(Xc, yc, R, w, l1, l2)",
           frozenset({"fitted"})),
    Mutant("ridge's penalty added to every entry of XᵀX, not its diagonal",
           "A = Xc.T @ Xc + self.alpha * np.eye(D, dtype=X.dtype)",
           "A = Xc.T @ Xc + self.alpha", frozenset({"fitted", "predict"})),
    Mutant("the path's α_max not divided by N",
           "/ (len(yc) * l1_ratio)", "/ l1_ratio", frozenset({"fitted", "predict"})),
    Mutant("textbook: the residual without j forgets to add x_j w_j back",
           "without_j = yc - Xc @ w + Xc[:, j] * w[j]", "without_j = yc - Xc @ w",
           frozenset({"fitted", "predict"})),
]
