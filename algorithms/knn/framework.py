"""k-nearest neighbours with scikit-learn: KNeighborsClassifier and KNeighborsRegressor.

Shapes: M training points (M, D) with targets (M,); N queries (N, D); k neighbours.

    fit        stores the training data (algorithm="brute": no tree, the same search as the
               scratch side)
    kneighbors the k nearest training points of each query, nearest first; equally
               distant ones by index (scikit-learn's sort leaves their order undefined)
    predict    KNeighborsClassifier: the class with the most (1 or 1 / distance) weight;
               KNeighborsRegressor: the weighted mean of the neighbours' targets

Ties: where more training points sit at the k-th distance than there are places,
scikit-learn keeps those its heaps keep. With several threads, each searching part of the
training points, which ones depends on the number of threads; the search here runs on one
(threadpoolctl), so that the answer is the same on every machine, and the scratch side
replays it. The points go to scikit-learn in float64, where it searches float32 data anyway:
a float32 training set asked about float64 queries would otherwise send it down another
search, with another rule for ties. Both sides check their input with the same function
before scikit-learn sees it.
"""

import numpy as np
from sklearn import neighbors
from threadpoolctl import threadpool_limits

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Integer, Options, check_hyperparameters


class _KNeighbors:
    """The checks around scikit-learn's estimator, shared by classifier and regressor."""

    hyperparameters = {"n_neighbors": Integer(low=1), "weights": Options("uniform", "distance")}

    def __init__(self, n_neighbors=5, weights="uniform"):
        self.n_neighbors = n_neighbors
        self.weights = weights

    def _fit(self, estimator_class, X, y, discrete=False):
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=discrete)
        if self.n_neighbors > len(X):
            raise ValueError(f"n_neighbors={self.n_neighbors} must be <= the number of "
                             f"training samples ({len(X)})")
        self._fit_bounds = np.stack([X.min(axis=0), X.max(axis=0)]).astype(np.float64)
        check_squares_fit(self._fit_bounds)
        self.estimator_ = estimator_class(self.n_neighbors, weights=self.weights,
                                          algorithm="brute").fit(X.astype(np.float64), y)
        self.n_features_in_, self.n_samples_fit_ = X.shape[1], len(X)
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimator_")
        X = check_X(X, dtype=np.float64, n_features=self.n_features_in_)
        check_squares_fit(np.vstack([X.min(axis=0), X.max(axis=0), self._fit_bounds]))
        return X

    def kneighbors(self, X):
        """(distances (N, k), indices (N, k)) of each query's k nearest training points,
        nearest first."""
        X = self._checked(X)
        with threadpool_limits(1, user_api="openmp"):
            distances, indices = self.estimator_.kneighbors(X)
        by_index = np.argsort(indices, axis=1)                         # equals by index
        distances, indices = (np.take_along_axis(a, by_index, axis=1)
                              for a in (distances, indices))
        order = np.argsort(distances, axis=1, kind="stable")
        return (np.take_along_axis(distances, order, axis=1),
                np.take_along_axis(indices, order, axis=1))

    def predict(self, X):
        """The prediction (N,) for each query."""
        X = self._checked(X)
        with threadpool_limits(1, user_api="openmp"):
            return self.estimator_.predict(X)


class KNeighborsClassifier(_KNeighbors):
    """Vote of the k nearest training points: scikit-learn's KNeighborsClassifier.

    Parameters
    ----------
    n_neighbors : int >= 1, the number of neighbours k.
    weights : "uniform" (one vote each) or "distance" (votes weighted by 1 / distance).
    """

    def fit(self, X, y):
        """Store the training points X (M, D) and their labels y (M,)."""
        self._fit(neighbors.KNeighborsClassifier, X, y, discrete=True)
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X):
        """P(c | x) (N, C): each class's share of the neighbours' weight."""
        X = self._checked(X)
        with threadpool_limits(1, user_api="openmp"):
            return self.estimator_.predict_proba(X)


class KNeighborsRegressor(_KNeighbors):
    """Average of the k nearest training points' targets: scikit-learn's KNeighborsRegressor.

    Parameters
    ----------
    n_neighbors : int >= 1, the number of neighbours k.
    weights : "uniform" (the mean) or "distance" (weighted by 1 / distance).
    """

    def fit(self, X, y):
        """Store the training points X (M, D) and their targets y (M,)."""
        return self._fit(neighbors.KNeighborsRegressor, X, y)
