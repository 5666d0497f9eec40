"""The bug zoo of dbscan: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: moons, tight eps with much noise, every point core
    Mutant("a point not counted in its own neighbourhood",
           "pairs_i, pairs_j = [np.arange(N)], [np.arange(N)]",
           "pairs_i, pairs_j = [], []", frozenset({"fitted", "predict"})),
    Mutant("grid cells half as wide as eps: neighbours two cells away missed",
           "/ (eps * (1 + 1e-6))", "/ (eps * 0.5)",
           frozenset({"fitted", "predict"})),
    Mutant("pairs measured once but not mirrored",
           "        pairs_i += [i[within], j[within]]\n        pairs_j += [j[within], i[within]]",
           "        pairs_i += [i[within]]\n        pairs_j += [j[within]]",
           frozenset({"fitted", "predict"})),
    Mutant("border points grow the cluster as if they were core",
           "frontier.extend(new[core[new]])", "frontier.extend(new)",
           frozenset({"fitted", "predict"})),
    Mutant("core needs more than min_samples neighbours",
           "core = np.array([len(n) >= self.min_samples for n in neighbours])",
           "core = np.array([len(n) > self.min_samples for n in neighbours])",
           frozenset({"fitted", "predict"})),
    Mutant("textbook: squared distances compared with eps",
           "distances = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))",
           "distances = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)",
           frozenset({"fitted", "predict"})),
]
