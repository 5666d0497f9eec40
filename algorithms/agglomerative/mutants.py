"""The bug zoo of agglomerative: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: ward, complete, average, single, ward into 10 clusters
    Mutant("average linkage without the cluster sizes",
           "return (n_i * d_ki + n_j * d_kj) / (n_i + n_j)", "return (d_ki + d_kj) / 2",
           frozenset({"fitted", "predict"})),
    Mutant("Ward's update forgets the merged pair's own distance",
           "- n_k * t * d_ij * d_ij)", "- 0 * t * d_ij * d_ij)", frozenset({"fitted", "predict"})),
    Mutant("the chain takes the last of the nearest, not the first",
           "y = int(np.argmin(D[x]))", "y = len(D) - 1 - int(np.argmin(D[x][::-1]))",
           frozenset({"fitted", "predict"})),
    Mutant("the chain merges x with its nearest without asking whether "
           "that one's nearest is x", "if len(chain) > 1 and D[x, y] >= D[x, chain[-2]]:",
           "if len(chain) > 1:", frozenset({"fitted", "predict"})),
    Mutant("the cut splits the smallest cluster id first",
           "nodes = [-(max(children[-1]) + 1)]", "nodes = [-(min(children[-1]) + 1)]",
           frozenset({"predict"})),
    Mutant("textbook: the search skips the last slot of the matrix",
           "i, j = np.unravel_index(np.argmin(D), D.shape)",
           "i, j = np.unravel_index(np.argmin(D[:-1, :-1]), (len(D) - 1, len(D) - 1))",
           frozenset({"fitted", "predict"})),
]
