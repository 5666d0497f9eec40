"""The bug zoo of tsne: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: random and PCA starts, 3-D, a fixed rate, an early stop
    Mutant("the gradient without its factor 4", "grad *= 2.0 * (alpha + 1.0) / alpha",
           "grad *= 1.0", frozenset({"fitted", "predict"})),
    Mutant("a gain grows where step and gradient agree",
           "growing = update * grad < 0.0", "growing = update * grad > 0.0",
           frozenset({"fitted", "predict"})),
    Mutant("P not symmetrized: p_j|i taken for p_ij",
           "P = conditional + conditional.T", "P = conditional + conditional",
           frozenset({"fitted", "predict"})),
    Mutant("the exaggeration never undone",
           "P = P / self.early_exaggeration", "P = P", frozenset({"fitted", "predict"})),
    Mutant("textbook: the row's entropy without β E[d]",
           "entropy = np.log(total) + beta * (d @ P[i])", "entropy = np.log(total)",
           frozenset({"fitted", "predict"})),
]
