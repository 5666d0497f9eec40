"""The bug zoo of knn: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: classifier and regressor, uniform and distance weights
    Mutant("inverse squared distance where 1 / distance was asked for",
           "weights = 1 / distances", "weights = 1 / distances**2", frozenset({"predict"})),
    Mutant("a taken neighbour not marked taken: the nearest one k times",
           "        partial[rows, chosen[:, j]] = np.inf", "        pass",
           frozenset({"predict"})),
    Mutant("class probabilities divided by k instead of the total weight",
           "return votes / votes.sum(axis=1, keepdims=True)",
           "return votes / self.n_neighbors", frozenset({"predict"})),
    Mutant("regression divides by k instead of the total weight",
           "/ weights.sum(axis=1)", "/ self.n_neighbors", frozenset({"predict"})),
    Mutant("textbook: the k farthest points taken",
           'indices = np.argsort(distances, axis=1, kind="stable")[:, :k]',
           'indices = np.argsort(-distances, axis=1, kind="stable")[:, :k]',
           frozenset({"predict"})),
]
