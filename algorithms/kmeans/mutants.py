"""The bug zoo of kmeans: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: k-means++, random with 10 runs, given centres, one iteration, loose tol
    Mutant("distances without the |C|^2 term",
           "partial = -2 * (C @ X[rows].T) + C_squared[:, None]", "partial = -2 * (C @ X[rows].T)",
           frozenset({"fitted", "predict"})),
    Mutant("tol not scaled by the data's variance",
           "tol = self.tol * np.var(X, axis=0).mean()", "tol = self.tol", frozenset({"fitted"})),
    Mutant("labels left from the last E-step after a tol stop",
           "    if not strict:\n        labels = nearest_centres_chunked(X, C)",
           "    if False:\n        labels = nearest_centres_chunked(X, C)", frozenset({"fitted"})),
    Mutant("k-means++ keeps the worst candidate",
           "best = np.argmin(potentials)", "best = np.argmax(potentials)",
           frozenset({"fitted", "predict"})),
    Mutant("centres divided by N instead of the cluster size",
           "sums / np.maximum(counts, 1)[:, None]", "sums / len(X)",
           frozenset({"fitted", "predict"})),
    Mutant("textbook: the E-step takes the farthest centre",
           "return distances.argmin(axis=1).astype(np.int32)",
           "return distances.argmax(axis=1).astype(np.int32)", frozenset({"fitted", "predict"})),
    Mutant("textbook: the M-step sums the points of the next cluster",
           "sums = np.array([X[labels == j].sum(axis=0) for j in range(k)])",
           "sums = np.array([X[labels == (j + 1) % k].sum(axis=0) for j in range(k)])",
           frozenset({"fitted"})),
]
