"""k-means with scikit-learn: KMeans(algorithm="lloyd").

Shapes: N samples, D features, k clusters; centres (k, D), labels (N,) in 0..k-1.

    fit        sklearn.cluster.KMeans(n_clusters, init, n_init, max_iter, tol, random_state,
               algorithm="lloyd").fit(X): centres X, seeds k-means++ (or random, or given
               centres) from RandomState(random_state), then runs Lloyd's iterations in
               compiled code over row chunks on all cores
    predict    KMeans.predict(X): the nearest centre's label           (N,)
    transform  KMeans.transform(X): distances to every centre         (N, k)

algorithm="lloyd" is named: "elkan" reaches the same centres with fewer distance computations
but counts iterations alike only by luck. Both sides check their input with the same function
before scikit-learn sees it.
"""

from sklearn import cluster

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._model_checks import check_kmeans, check_squares_fit
from algorithms._params import (
    SEED,
    AnArray,
    Either,
    Integer,
    Options,
    RandomState,
    Real,
    check_hyperparameters,
)


class KMeans:
    """k-means clustering: scikit-learn's KMeans behind the shared checks.

    Parameters
    ----------
    n_clusters : int >= 1, the number of clusters k.
    init : "k-means++", "random" (k distinct points drawn uniformly) or an array (k, D).
    n_init : int >= 1 or "auto" (1 for k-means++ and an array, 10 for random): runs from
        different initial centres, keeping the lowest inertia.
    max_iter : int >= 1, Lloyd iterations per run at most.
    tol : float >= 0, the centre movement that counts as converged, relative to the mean
        feature variance.
    random_state : int, seeds NumPy's RandomState for the initial centres; or a RandomState
        to draw them from (a Gaussian mixture's, which goes on drawing from it).
    """

    hyperparameters = {
        "n_clusters": Integer(low=1),
        "init": Either((Options("k-means++", "random"), AnArray())),
        "n_init": Either((Options("auto"), Integer(low=1))),
        "max_iter": Integer(low=1),
        "tol": Real(low=0),
        # a seed, or the RandomState a Gaussian mixture draws its starts from
        "random_state": Either((SEED, RandomState())),
    }

    def __init__(self, n_clusters=8, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
                 random_state=0):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X, y=None):
        """Cluster X (N, D); y is ignored."""
        check_hyperparameters(self)
        X = check_X(X, dtype=float_dtype(X))
        check_squares_fit(X)
        init, n_init = check_kmeans(self, X)
        self.estimator_ = cluster.KMeans(self.n_clusters, init=init, n_init=n_init,
                                         max_iter=self.max_iter, tol=self.tol,
                                         random_state=self.random_state, algorithm="lloyd")
        self.estimator_.fit(X)
        for name in ("n_features_in_", "cluster_centers_", "labels_", "inertia_", "n_iter_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def predict(self, X):
        """The nearest centre's label (N,) for each row of X."""
        check_is_fitted(self, "cluster_centers_")
        return self.estimator_.predict(check_X(X, dtype=self.cluster_centers_.dtype,
                                               n_features=self.n_features_in_))

    def transform(self, X):
        """Euclidean distances (N, k) from each row of X to each centre."""
        check_is_fitted(self, "cluster_centers_")
        return self.estimator_.transform(check_X(X, dtype=self.cluster_centers_.dtype,
                                                 n_features=self.n_features_in_))
