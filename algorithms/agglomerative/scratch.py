"""Agglomerative (hierarchical) clustering in NumPy: start from single points, merge the two
closest clusters, N - 1 times.

Shapes: N samples, D features; the merge tree children_ (N - 1, 2) with distances_ (N - 1,);
cluster ids 0..N-1 are the points, N + s the cluster made at step s.

    distances  d(a, b) between clusters, updated after each merge of i and j by the
               Lance-Williams formula, from the old distances alone (no pass over X):
               single    d(k, i+j) = min(d_ki, d_kj)
               complete  d(k, i+j) = max(d_ki, d_kj)
               average   d(k, i+j) = (n_i d_ki + n_j d_kj) / (n_i + n_j)
               ward      d(k, i+j) = sqrt(((n_k + n_i) d_ki^2 + (n_k + n_j) d_kj^2
                                           - n_k d_ij^2) / (n_i + n_j + n_k))
               (Ward's d is the increase of the within-cluster sum of squares, as a distance)
    search     the closest pair of the whole matrix (merge_tree, the textbook form the file
               opens with); the fast form after it keeps each row's nearest active cluster
               and recomputes only the rows that pointed at i or j: O(N) a step, not O(N^2)
    cut        n_clusters clusters: undo the last n_clusters - 1 merges, largest id first
               (scikit-learn's _hc_cut, whose numbering of the clusters this follows)

These four linkages never merge at a smaller distance than before, so the merges come out
sorted by distance, as scipy's linkage matrix lists them.
"""

import heapq

import numpy as np

from algorithms._inputs import check_X
from algorithms._model_checks import check_squares_fit
from algorithms._params import Integer, Options, check_hyperparameters

LINKAGES = ("ward", "complete", "average", "single")


def distance_matrix(X):
    """|x_i - x_j| (N, N) from the differences, as scipy's pdist takes them (a duplicated point
    is at exactly 0), a block of rows at a time; inf on the diagonal: no point merges with
    itself."""
    D = np.empty((len(X), len(X)))
    step = max(1, 2**20 // X.size)
    for start in range(0, len(X), step):
        rows = slice(start, start + step)
        D[rows] = np.sqrt(((X[rows, None, :] - X[None, :, :]) ** 2).sum(axis=2))  # (B, N)
    np.fill_diagonal(D, np.inf)
    return D


def lance_williams(linkage, d_ki, d_kj, d_ij, n_k, n_i, n_j):
    """d(k, i+j) for every cluster k, from its distances to i and j alone."""
    if linkage == "single":
        return np.minimum(d_ki, d_kj)
    if linkage == "complete":
        return np.maximum(d_ki, d_kj)
    if linkage == "average":
        return (n_i * d_ki + n_j * d_kj) / (n_i + n_j)
    with np.errstate(invalid="ignore"):                                # inf - inf at dead rows
        return np.sqrt(((n_k + n_i) * d_ki**2 + (n_k + n_j) * d_kj**2 - n_k * d_ij**2)
                       / (n_i + n_j + n_k))                            # ward


def _merge(D, size, cluster_id, i, j, linkage, new_id):
    """Merge slot j into slot i (in place): i's row and column become the new cluster's."""
    merged = lance_williams(linkage, D[i], D[j], D[i, j], size, size[i], size[j])
    merged[[i, j]] = np.inf
    D[i], D[:, i] = merged, merged                                     # slot i: the new one
    D[j], D[:, j] = np.inf, np.inf                                     # slot j: gone
    size[i], cluster_id[i] = size[i] + size[j], new_id
    return merged


# --- the idea: the closest pair, N - 1 times, textbook form ---------------------------------

def merge_tree(X, linkage):
    """(children (N - 1, 2), distances (N - 1,)): N - 1 times, the closest two clusters of the
    whole distance matrix merge, and their distances to the rest follow Lance-Williams."""
    N = len(X)
    D, size, cluster_id = distance_matrix(X), np.ones(N), np.arange(N)
    children, distances = np.empty((N - 1, 2), dtype=np.int64), np.empty(N - 1)
    for step in range(N - 1):
        i, j = np.unravel_index(np.argmin(D), D.shape)                 # the closest pair
        children[step], distances[step] = sorted((cluster_id[i], cluster_id[j])), D[i, j]
        _merge(D, size, cluster_id, i, j, linkage, N + step)
    return children, distances


# --- the fast form: each row keeps its nearest -----------------------------------------------
# The same merges without searching the whole matrix each time: each row keeps the column of
# its nearest cluster, and a merge recomputes only the rows that pointed at i or j, so a step
# costs O(N), not O(N^2).

def merge_tree_cached(X, linkage):
    """merge_tree, the closest pair found from each row's nearest cluster."""
    N = len(X)
    D, size, cluster_id = distance_matrix(X), np.ones(N), np.arange(N)
    nearest = D.argmin(axis=1)
    children, distances = np.empty((N - 1, 2), dtype=np.int64), np.empty(N - 1)
    for step in range(N - 1):
        i = int(np.argmin(D[np.arange(N), nearest]))                   # the closest pair
        j = int(nearest[i])
        children[step], distances[step] = sorted((cluster_id[i], cluster_id[j])), D[i, j]
        merged = _merge(D, size, cluster_id, i, j, linkage, N + step)
        stale = (nearest == i) | (nearest == j)
        stale[i] = True
        nearest[stale] = D[stale].argmin(axis=1)                       # rows that lost theirs
        closer = merged < D[np.arange(N), nearest]
        nearest[closer] = i                                            # rows now nearest i
    return children, distances


def cut(children, n_leaves, n_clusters):
    """labels (N,): the clusters left after undoing the last n_clusters - 1 merges."""
    nodes = [-(max(children[-1]) + 1)]                                 # the root, negated
    for _ in range(n_clusters - 1):                                    # split the largest id
        left, right = children[-nodes[0] - n_leaves]
        heapq.heappush(nodes, -left)
        heapq.heappushpop(nodes, -right)
    labels = np.empty(n_leaves, dtype=np.int64)
    for label, node in enumerate(nodes):
        stack = [-node]
        while stack:                                                   # every leaf below it
            node_id = stack.pop()
            if node_id < n_leaves:
                labels[node_id] = label
            else:
                stack.extend(children[node_id - n_leaves])
    return labels


class AgglomerativeClustering:
    """Hierarchical clustering with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    n_clusters : int >= 1, the clusters left when the merging stops.
    linkage : "ward", "complete", "average" or "single": the distance between clusters.
    """

    hyperparameters = {"n_clusters": Integer(low=1), "linkage": Options(*LINKAGES)}

    def __init__(self, n_clusters=2, linkage="ward"):
        self.n_clusters = n_clusters
        self.linkage = linkage

    def fit(self, X, y=None):
        """Merge the rows of X (N, D) bottom up; y is ignored."""
        check_hyperparameters(self)
        X = check_X(X, dtype=np.float64)
        check_squares_fit(X)
        if len(X) < max(2, self.n_clusters):
            raise ValueError(f"n_samples={len(X)} must be >= 2 and >= n_clusters="
                             f"{self.n_clusters}")
        self.children_, self.distances_ = merge_tree_cached(X, self.linkage)
        self.n_leaves_, self.n_features_in_ = len(X), X.shape[1]
        self.labels_ = cut(self.children_, len(X), self.n_clusters)
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
