"""The bug zoo of nmf: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

NMF_START = ("    H = scale * rng.standard_normal(size=(k, X.shape[1])).astype(X.dtype, "
             "copy=False)\n"
             "    W = scale * rng.standard_normal(size=(len(X), k)).astype(X.dtype, copy=False)")

MUTANTS = [
    # variants: Frobenius and KL losses, penalties, the stopping test
    Mutant("the two updates in the wrong order: H before W",
           "        W = update_W(X, W, H, kl, l1_W, l2_W, products)\n        if fit_H:\n"
           "            H = update_H(X, W, H, kl, l1_H, l2_H)\n",
           "        if fit_H:\n            H = update_H(X, W, H, kl, l1_H, l2_H)\n"
           "        W = update_W(X, W, H, kl, l1_W, l2_W, products)\n",
           frozenset({"fitted", "predict"})),
    Mutant("the ratio upside down: W times positive part over negative part",
           "    W *= numerator / _penalized(denominator, W, l1, l2)",
           "    W *= _penalized(denominator, W, l1, l2) / numerator",
           frozenset({"fitted", "predict"})),
    Mutant("KL's denominator for W: the sum of all of H, not of each component's row",
           "numerator, denominator = ratio @ H.T, H.sum(axis=1)[None, :]",
           "numerator, denominator = ratio @ H.T, H.sum()", frozenset({"fitted", "predict"})),
    Mutant("the random start draws W before H",
           NMF_START, "\n".join(reversed(NMF_START.splitlines())),
           frozenset({"fitted", "predict"})),
    Mutant("the stopping test after every iteration, not every 10",
           "if tol > 0 and iteration % 10 == 0:", "if tol > 0:", frozenset({"fitted"})),
]
