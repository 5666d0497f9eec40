"""k-nearest neighbours in NumPy: brute-force search, vote or average.

Shapes: M training points X_fit (M, D) with targets y_fit (M,); N queries X (N, D); k
neighbours.

    search     the k smallest |x - x'| of each query: nearest_neighbours, the textbook form
               the file opens with, sorts every distance; the fast form after it ranks by
               |x'|^2 - 2 x . x' a block of queries at a time, takes the k smallest by k
               passes of argmin, and only those k distances again from the differences
    ties       where more training points sit at the k-th distance than there are places,
               which of them are neighbours decides the prediction. The textbook form takes
               the first by index; the fast form keeps those scikit-learn's search keeps: it
               pushes the points in index order through a max-heap of k places
               (heap_survivors). Equally distant neighbours are listed by index.
    weights    "uniform": w = 1;  "distance": w = 1 / |x - x'|, and a query that sits on
               training points takes their targets alone (w = 1 there, 0 elsewhere)
    classify   P(c | x) = sum_{neighbours of class c} w / sum w;  predict = argmax_c, the
               smallest class among equal votes
    regress    y_hat = sum w y' / sum w

Nothing is learned: fit stores the data, and all the work happens at prediction.
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Integer, Options, check_hyperparameters

# --- the idea: every distance, textbook form ------------------------------------------------

def nearest_neighbours(X, X_fit, k):
    """(distances (N, k), indices (N, k)) of each query's k nearest training points, nearest
    first: every |x - x'| whole (N, M), each row sorted."""
    distances = np.sqrt(((X[:, None, :] - X_fit[None, :, :]) ** 2).sum(axis=2))   # (N, M)
    indices = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(distances, indices, axis=1), indices


# --- the fast form: blocks of queries, k rounds of argmin -----------------------------------
# The same neighbours without the (N, M, D) differences: the ranking needs only |x'|^2 - 2 x.x'
# (|x|^2 is the same along a row), one product per block of queries; k passes of argmin find
# the k smallest of each row, and only those k distances are taken from the differences again.

BLOCK = 2**20                                  # floats in one (queries, M) block of distances


def k_smallest(partial, k):
    """Column indices (B, k) of the k smallest entries of each row, in no particular order.

    For small k, k rounds of argmin (each a fast pass over the block, the winner then set to
    inf, and put back at the end) beat argpartition's selection by 8x at k = 5; past k = 16
    argpartition wins.
    """
    if k > 16:
        return np.argpartition(partial, k - 1, axis=1)[:, :k]
    rows = np.arange(len(partial))
    chosen, taken = np.empty((len(partial), k), dtype=np.int64), np.empty((len(partial), k))
    for j in range(k):
        chosen[:, j] = partial.argmin(axis=1)
        taken[:, j] = partial[rows, chosen[:, j]]
        partial[rows, chosen[:, j]] = np.inf                     # taken: out of later rounds
    partial[rows[:, None], chosen] = taken
    return chosen


def heap_survivors(values, k):
    """The k indices that a max-heap of k places holds after values (M,) are pushed in index
    order, each only if smaller than the largest it holds, which it then replaces:
    scikit-learn's search. Among values tied at the k-th place, it decides which stay."""
    heap_values, heap_indices = [np.inf] * k, [0] * k

    def push(value, index):                             # it replaces the root, then sinks
        i = 0
        while 2 * i + 1 < k:
            child = 2 * i + 1
            if child + 1 < k and heap_values[child + 1] > heap_values[child]:
                child += 1                              # the larger child (the left on a tie)
            if value >= heap_values[child]:
                break
            heap_values[i], heap_indices[i] = heap_values[child], heap_indices[child]
            i = child
        heap_values[i], heap_indices[i] = value, index

    # Which pushes can matter: the first k always go in, and after them only values below
    # the largest of those. Once the root is the k-th smallest of all values, only smaller
    # ones still go in.
    kth = np.partition(values, k - 1)[k - 1]
    candidates = np.concatenate([np.arange(k),
                                 k + np.flatnonzero(values[k:] < values[:k].max())])
    rest = len(values)
    for index, value in zip(candidates.tolist(), values[candidates].tolist(), strict=True):
        if value < heap_values[0]:
            push(value, index)
            if heap_values[0] == kth:
                rest = index + 1
                break
    for index in (rest + np.flatnonzero(values[rest:] < kth)).tolist():
        push(values[index], index)
    return np.array(heap_indices)


def nearest_neighbours_blocked(X, X_fit, k):
    """nearest_neighbours, a block of queries at a time; no (N, M) array is ever whole."""
    fit_squared = np.einsum("ij,ij->i", X_fit, X_fit)                  # |x'|^2 (M,)
    distances, indices = np.empty((len(X), k)), np.empty((len(X), k), dtype=np.int64)
    step = max(1, BLOCK // len(X_fit))
    for start in range(0, len(X), step):
        rows = slice(start, start + step)
        partial = X[rows] @ X_fit.T                                    # (B, M)
        partial *= -2
        partial += fit_squared                                         # |x'|^2 - 2 x . x'
        nearest = k_smallest(partial, k)                               # (B, k), unsorted
        kth = np.take_along_axis(partial, nearest, axis=1).max(axis=1)  # (B,)
        for row in np.flatnonzero(np.count_nonzero(partial <= kth[:, None], axis=1) > k):
            nearest[row] = heap_survivors(partial[row], k)             # ties at the k-th
        nearest.sort(axis=1)                                           # equals by index
        # their distances again from the differences: the expansion above loses the digits
        # of a short distance (a query on a training point gets ~1e-8, not 0)
        exact = np.sqrt(((X[rows, None, :] - X_fit[nearest]) ** 2).sum(axis=2))
        order = np.argsort(exact, axis=1, kind="stable")               # sort only those k
        indices[rows] = np.take_along_axis(nearest, order, axis=1)
        distances[rows] = np.take_along_axis(exact, order, axis=1)
    return distances, indices


class _KNeighbors:
    """The search and the weights, shared by the classifier and the regressor."""

    hyperparameters = {"n_neighbors": Integer(low=1), "weights": Options("uniform", "distance")}

    def __init__(self, n_neighbors=5, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights

    def _fit(self, X, y, discrete=False):
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=discrete)    # float32 stays
        if self.n_neighbors > len(X):
            raise ValueError(f"n_neighbors={self.n_neighbors} must be <= the number of "
                             f"training samples ({len(X)})")
        self.n_features_in_, self.n_samples_fit_ = X.shape[1], len(X)
        self.X_fit_ = X.astype(np.float64, copy=False)      # distances in float64, as sklearn's
        self._fit_bounds = np.stack([X.min(axis=0), X.max(axis=0)]).astype(np.float64)
        check_squares_fit(self._fit_bounds)
        return y

    def kneighbors(self, X):
        """(distances (N, k), indices (N, k)) of each query's k nearest training points,
        nearest first."""
        check_is_fitted(self, "X_fit_")
        X = check_X(X, dtype=np.float64, n_features=self.n_features_in_)
        check_squares_fit(np.vstack([X.min(axis=0), X.max(axis=0), self._fit_bounds]))
        return nearest_neighbours_blocked(X, self.X_fit_, self.n_neighbors)

    def _neighbour_weights(self, distances):
        """w (N, k): 1, or 1 / distance, with exact hits taking all the weight."""
        if self.weights == "uniform":
            return np.ones_like(distances)
        hits = distances == 0
        with np.errstate(divide="ignore"):
            weights = 1 / distances
        on_a_point = hits.any(axis=1)                                       # queries on data
        weights[on_a_point] = hits[on_a_point]
        return weights


class KNeighborsClassifier(_KNeighbors):
    """Vote of the k nearest training points, with scikit-learn's names.

    Parameters
    ----------
    n_neighbors : int >= 1, the number of neighbours k.
    weights : "uniform" (one vote each) or "distance" (votes weighted by 1 / distance).
    """

    def fit(self, X, y):
        """Store the training points X (M, D) and their labels y (M,)."""
        y = self._fit(X, y, discrete=True)
        self.classes_, self.y_fit_ = np.unique(y, return_inverse=True)      # labels 0..C-1
        return self

    def predict_proba(self, X):
        """P(c | x) (N, C): each class's share of the neighbours' weight."""
        distances, indices = self.kneighbors(X)
        weights = self._neighbour_weights(distances)                        # (N, k)
        votes = np.zeros((len(indices), len(self.classes_)))
        for j in range(self.n_neighbors):                                   # add the j-th
            np.add.at(votes, (np.arange(len(indices)), self.y_fit_[indices[:, j]]),
                      weights[:, j])                                        # neighbour's vote
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The class with the most weight (N,); the smallest class among equal votes."""
        probabilities = self.predict_proba(X)                              # (N, C)
        return self.classes_[probabilities.argmax(axis=1)]


class KNeighborsRegressor(_KNeighbors):
    """Average of the k nearest training points' targets, with scikit-learn's names.

    Parameters
    ----------
    n_neighbors : int >= 1, the number of neighbours k.
    weights : "uniform" (the mean) or "distance" (weighted by 1 / distance).
    """

    def fit(self, X, y):
        """Store the training points X (M, D) and their targets y (M,)."""
        self.y_fit_ = self._fit(X, y)
        return self

    def predict(self, X):
        """y_hat (N,) = sum w y' / sum w over each query's neighbours."""
        distances, indices = self.kneighbors(X)
        if self.weights == "uniform":
            return self.y_fit_[indices].mean(axis=1)                       # in y's precision
        weights = self._neighbour_weights(distances)                        # (N, k)
        return (weights * self.y_fit_[indices]).sum(axis=1) / weights.sum(axis=1)
