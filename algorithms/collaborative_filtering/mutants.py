"""The bug zoo of collaborative_filtering: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: every user votes, the ten nearest
    Mutant("similarity not divided by the query user's norm",
           "A_unit = A / np.where(norms_A > 0, norms_A, 1)[:, None]", "A_unit = A",
           frozenset({"predict"})),
    Mutant("the weights normalized over every voter, rated or not",
           "denominator = np.abs(S) @ rated", "denominator = np.abs(S).sum(axis=1, keepdims=True)",
           frozenset({"predict"})),
    Mutant("the k least similar users vote",
           "outside = np.argpartition(-S, k - 1, axis=1)[:, k:]",
           "outside = np.argpartition(S, k - 1, axis=1)[:, k:]", frozenset({"predict"})),
]
