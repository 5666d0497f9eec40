"""DBSCAN with scikit-learn: sklearn.cluster.DBSCAN.

Shapes: N samples, D features; labels (N,) in 0..C-1, or -1 for noise.

    fit        sklearn.cluster.DBSCAN(eps, min_samples).fit(X): radius_neighbors from a
               k-d tree or ball tree (no N x N distances), core points by count, then the
               clusters grown in compiled code (depth first from each core point in order)
    labels_    the cluster of each point, -1 for noise

Both sides check their input with the same function before scikit-learn sees it.
"""

from sklearn import cluster

from algorithms._inputs import check_X, float_dtype
from algorithms._params import Integer, Real, check_hyperparameters


class DBSCAN:
    """Density-based clustering: scikit-learn's DBSCAN behind the shared checks.

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
        X = check_X(X, dtype=float_dtype(X))
        self.estimator_ = cluster.DBSCAN(eps=self.eps, min_samples=self.min_samples).fit(X)
        for name in ("n_features_in_", "core_sample_indices_", "components_", "labels_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
