"""DBSCAN in NumPy: clusters are regions dense in points; what is not dense is noise.

Shapes: N samples, D features; labels (N,) in 0..C-1, or -1 for noise.

    neighbours N(i) = {j : |x_i - x_j| <= eps}, the point itself included (radius_neighbours,
               the textbook form the file opens with; the fast form after it measures only
               pairs from adjacent cells of a grid, or candidates found block by block, and
               no (N, N) array is ever whole)
    core       |N(i)| >= min_samples
    clusters   take the core points in index order; an unlabelled one starts a new cluster,
               which grows through every point within eps of one of its core points
               (breadth first); a border point (in reach but not core) joins the first
               cluster that reaches it and does not grow it
    noise      points no cluster reaches: label -1

Clusters are numbered in the order their first core point comes in X, so the labels equal
scikit-learn's, not only up to renaming.
"""

import itertools
from collections import deque

import numpy as np

from algorithms._inputs import check_X, float_dtype
from algorithms._params import Integer, Real, check_hyperparameters

# --- the idea: every distance, textbook form ------------------------------------------------

def radius_neighbours(X, eps):
    """N(i) = {j : |x_i - x_j| <= eps} for every row i, itself included: the (N, N) distances
    whole."""
    distances = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))   # (N, N)
    return [np.flatnonzero(row <= eps) for row in distances]


# --- the fast form: only the pairs that can be close ----------------------------------------
# The same neighbours without the (N, N) distances: for up to 3 features a grid of cells of
# side eps, so that only points in adjacent cells are measured; beyond, blocks of rows whose
# candidates |x|^2 - 2 x.x' + |x'|^2 picks. Either way a candidate's distance is taken from the
# differences, as above, so a pair at exactly eps is decided alike.

BLOCK = 2**20                                  # floats in one (rows, N) block of distances
GRID_MAX_FEATURES = 3                          # up to here a grid of cells; beyond, blocks


def radius_neighbours_indexed(X, eps):
    """radius_neighbours by a grid of cells (up to GRID_MAX_FEATURES, and while the grid's cell
    numbers fit an int64) or blocks of rows."""
    cells_per_side = np.ptp(X, axis=0) / eps + 3                       # with room around
    if X.shape[1] <= GRID_MAX_FEATURES and np.prod(cells_per_side) < 2**62:
        return grid_neighbours(X, eps)
    # candidates from coordinates scaled to at most 1 in size, so that |x|^2 cannot overflow
    scale = max(float(np.abs(X).max()), np.finfo(np.float64).tiny)
    Xs, eps_s = X / scale, eps / scale
    squared_norms = np.einsum("ij,ij->i", Xs, Xs)
    step = max(1, BLOCK // len(X))
    neighbours = []
    for start in range(0, len(X), step):
        rows = np.arange(start, min(start + step, len(X)))
        squared = squared_norms[rows, None] - 2 * (Xs[rows] @ Xs.T) + squared_norms  # (B, N)
        slack = 1e-9 * (squared_norms[rows, None] + squared_norms) + 1e-300  # rounding
        i, j = np.nonzero(squared <= eps_s * eps_s + slack)            # candidate pairs
        within = exact_within(X, rows[i], j, eps)
        counts = np.bincount(i[within], minlength=len(rows))
        neighbours.extend(np.split(j[within], np.cumsum(counts)[:-1]))  # one array per row
    return neighbours


def exact_within(X, i, j, eps):
    """Whether |x_i - x_j| <= eps, the distance taken from the differences."""
    return np.sqrt(((X[i] - X[j]) ** 2).sum(axis=1)) <= eps


def grid_neighbours(X, eps):
    """radius_neighbours_indexed for few features: cut space into cells a little wider than eps, so
    that a point's neighbours lie in its own cell or the 3^D - 1 around it. Only pairs from
    adjacent cells are measured, each pair once (half the offsets, and j > i inside a cell),
    then both ways round."""
    N, D = X.shape
    # cell numbers from 1 (room for the -1 of an adjacent cell), counted from the minimum
    cells = np.floor((X - X.min(axis=0)) / (eps * (1 + 1e-6))).astype(np.int64) + 1  # (N, D)
    extent = cells.max(axis=0) + 2
    key = np.ravel_multi_index(cells.T, extent)                        # one id per cell (N,)
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    columns = [np.ascontiguousarray(X[:, d]) for d in range(D)]
    pairs_i, pairs_j = [np.arange(N)], [np.arange(N)]                  # each point itself
    offsets = [o for o in itertools.product((-1, 0, 1), repeat=D) if o >= (0,) * D]
    for offset in offsets:                                             # the other half mirrors
        target = np.ravel_multi_index((cells + offset).T, extent)      # the adjacent cell
        first = np.searchsorted(sorted_keys, target, side="left")
        counts = np.searchsorted(sorted_keys, target, side="right") - first
        i = np.repeat(np.arange(N), counts)                            # each point, once per
        starts = np.repeat(first - np.cumsum(counts) + counts, counts)  # candidate in the cell
        j = order[np.arange(len(i)) + starts]
        if not any(offset):
            i, j = i[j > i], j[j > i]                                  # its own cell: j > i
        squared = sum((column[i] - column[j]) ** 2 for column in columns)
        within = np.sqrt(squared) <= eps                               # as exact_within
        pairs_i += [i[within], j[within]]
        pairs_j += [j[within], i[within]]
    i, j = np.concatenate(pairs_i), np.concatenate(pairs_j)
    by_row = np.argsort(i, kind="stable")                              # grouped by row (radix)
    return np.split(j[by_row], np.cumsum(np.bincount(i, minlength=N))[:-1])


class DBSCAN:
    """Density-based clustering with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    eps : float > 0, the neighbourhood radius.
    min_samples : int >= 1, the neighbours (the point included) that make a point core.
    """

    hyperparameters = {"eps": Real(low=0, low_open=True), "min_samples": Integer(low=1)}

    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X, y=None):
        """Cluster X (N, D); y is ignored."""
        check_hyperparameters(self)
        X_given = check_X(X, dtype=float_dtype(X))                     # float32 stays float32
        X = X_given.astype(np.float64, copy=False)     # but distances in float64, as sklearn's
        neighbours = radius_neighbours_indexed(X, self.eps)
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
