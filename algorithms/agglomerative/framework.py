"""Agglomerative clustering with scikit-learn: AgglomerativeClustering(compute_distances=True).

Shapes: N samples, D features; children_ (N - 1, 2), distances_ (N - 1,), labels_ (N,).

    fit        sklearn.cluster.AgglomerativeClustering(n_clusters, linkage,
               compute_distances=True).fit(X): scipy's linkage (nearest-neighbour chain)
               for ward, complete and average, a minimum spanning tree for single
    cut        the tree cut into n_clusters clusters

children_ rows are given as (smaller id, larger id): scikit-learn's single linkage lists
some the other way round; the merges are the same. Both sides check their input with the
same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import cluster

from algorithms._inputs import check_X
from algorithms._model_checks import check_squares_fit
from algorithms._params import Integer, Options, check_hyperparameters

LINKAGES = ("ward", "complete", "average", "single")


class AgglomerativeClustering:
    """Hierarchical clustering: scikit-learn's AgglomerativeClustering behind the checks.

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
        self.estimator_ = cluster.AgglomerativeClustering(
            self.n_clusters, linkage=self.linkage, compute_distances=True).fit(X)
        self.children_ = np.sort(self.estimator_.children_, axis=1)
        for name in ("distances_", "n_leaves_", "n_features_in_", "labels_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def fit_predict(self, X, y=None):
        """Cluster X and return the labels (N,)."""
        return self.fit(X).labels_
