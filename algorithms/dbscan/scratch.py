"""DBSCAN in NumPy: clusters are regions dense in points; what is not dense is noise.

Shapes: N samples, D features; labels (N,) in 0..C-1, or -1 for noise.

    neighbours N(i) = {j : |x_i - x_j| <= eps}, the point itself included, found block by
               block of rows (|x|^2 - 2 x.x' + |x'|^2 picks the candidates; their distances
               are then computed from the differences, so a pair at exactly eps is decided
               as scikit-learn decides it); no (N, N) array is ever whole
    core       |N(i)| >= min_samples
    clusters   take the core points in index order; an unlabelled one starts a new cluster,
               which grows through every point within eps of one of its core points
               (breadth first); a border point (in reach but not core) joins the first
               cluster that reaches it and does not grow it
    noise      points no cluster reaches: label -1

Clusters are numbered in the order their first core point comes in X, so the labels equal
scikit-learn's, not only up to renaming.
"""

from collections import deque

import numpy as np

from algorithms._common import check_hyperparameter, check_X, float_dtype

BLOCK = 2**20                                  # floats in one (rows, N) block of distances


def radius_neighbours(X, eps):
    """For each row, the indices (sorted) of the rows within eps of it, itself included."""
    squared_norms = np.einsum("ij,ij->i", X, X)
    step = max(1, BLOCK // len(X))
    neighbours = []
    for start in range(0, len(X), step):
        rows = np.arange(start, min(start + step, len(X)))
        squared = squared_norms[rows, None] - 2 * (X[rows] @ X.T) + squared_norms  # (B, N)
        slack = 1e-9 * (squared_norms[rows, None] + squared_norms) + 1e-300  # rounding
        i, j = np.nonzero(squared <= eps * eps + slack)                # candidate pairs
        exact = np.sqrt(((X[rows[i]] - X[j]) ** 2).sum(axis=1))        # from differences
        within = exact <= eps
        counts = np.bincount(i[within], minlength=len(rows))
        neighbours.extend(np.split(j[within], np.cumsum(counts)[:-1]))  # one array per row
    return neighbours


class DBSCAN:
    """Density-based clustering with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    eps : float > 0, the neighbourhood radius.
    min_samples : int >= 1, the neighbours (the point included) that make a point core.
    """

    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X, y=None):
        """Cluster X (N, D); y is ignored."""
        check_hyperparameter("eps", self.eps, low=0)
        check_hyperparameter("min_samples", self.min_samples, low=1, low_inclusive=True,
                             integer=True)
        X_given = check_X(X, dtype=float_dtype(X))                     # float32 stays float32
        X = X_given.astype(np.float64)                 # but distances in float64, as sklearn's
        neighbours = radius_neighbours(X, self.eps)
        core = np.array([len(n) >= self.min_samples for n in neighbours])
        labels = np.full(len(X), -1)
        cluster = 0
        for start in np.flatnonzero(core):
            if labels[start] != -1:
                continue                                               # already in a cluster
            labels[start] = cluster
            frontier = deque([start])
            while frontier:                                            # breadth first
                reached = neighbours[frontier.popleft()]
                new = reached[labels[reached] == -1]                   # not in a cluster yet
                labels[new] = cluster
                frontier.extend(new[core[new]])                        # only cores grow it
            cluster += 1
        self.n_features_in_ = X.shape[1]
        self.core_sample_indices_ = np.flatnonzero(core)
        self.components_ = (X_given[self.core_sample_indices_] if core.any()
                            else np.empty((0, X.shape[1])))            # float64, as sklearn's
        self.labels_ = labels
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
