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
    search     each row keeps its nearest active cluster; a merge recomputes only the rows
               that pointed at i or j, so a step costs O(N), not O(N^2)
    cut        n_clusters clusters: undo the last n_clusters - 1 merges, largest id first
               (scikit-learn's _hc_cut, whose numbering of the clusters this follows)

These four linkages never merge at a smaller distance than before, so the merges come out
sorted by distance, as scipy's linkage matrix lists them.
"""

import heapq

import numpy as np

from algorithms._inputs import check_X
from algorithms._params import Integer, Options, check_hyperparameters

LINKAGES = ("ward", "complete", "average", "single")


def merge_tree(X, linkage):
    """(children (N - 1, 2), distances (N - 1,)) of the merges, in order."""
    N = len(X)
    squared = np.einsum("ij,ij->i", X, X)
    D = np.sqrt(np.maximum(squared[:, None] - 2 * X @ X.T + squared, 0))  # (N, N)
    np.fill_diagonal(D, np.inf)
    size = np.ones(N)
    cluster_id = np.arange(N)                                          # the id in each slot
    nearest = D.argmin(axis=1)
    children, distances = np.empty((N - 1, 2), dtype=np.int64), np.empty(N - 1)
    for step in range(N - 1):
        i = int(np.argmin(D[np.arange(N), nearest]))                   # the closest pair
        j = int(nearest[i])
        d_ij = D[i, j]
        children[step] = sorted((cluster_id[i], cluster_id[j]))
        distances[step] = d_ij
        d_ki, d_kj, n_i, n_j = D[i], D[j], size[i], size[j]
        if linkage == "single":
            merged = np.minimum(d_ki, d_kj)
        elif linkage == "complete":
            merged = np.maximum(d_ki, d_kj)
        elif linkage == "average":
            merged = (n_i * d_ki + n_j * d_kj) / (n_i + n_j)
        else:                                                          # ward
            with np.errstate(invalid="ignore"):                       # inf - inf at dead rows
                merged = np.sqrt(((size + n_i) * d_ki**2 + (size + n_j) * d_kj**2
                                  - size * d_ij**2) / (n_i + n_j + size))
        merged[[i, j]] = np.inf
        D[i], D[:, i] = merged, merged                                 # slot i: the new one
        D[j], D[:, j] = np.inf, np.inf                                 # slot j: gone
        size[i], cluster_id[i] = n_i + n_j, N + step
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
        if len(X) < max(2, self.n_clusters):
            raise ValueError(f"n_samples={len(X)} must be >= 2 and >= n_clusters="
                             f"{self.n_clusters}")
        self.children_, self.distances_ = merge_tree(X, self.linkage)
        self.n_leaves_, self.n_features_in_ = len(X), X.shape[1]
        self.labels_ = cut(self.children_, len(X), self.n_clusters)
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
