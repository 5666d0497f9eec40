"""User-based collaborative filtering with scikit-learn's cosine similarity and neighbours.

Shapes: a ratings matrix R (U, I) of U known users and I items, 0 where a user has not rated
an item; queries X (N, I), new users' ratings in the same layout.

    similarity sklearn.metrics.pairwise.cosine_similarity(X, R)           (N, U)
    neighbours sklearn.neighbors.NearestNeighbors(n_neighbors, metric="cosine").kneighbors:
               the known users at the smallest cosine distance 1 - S
    prediction the similarity-weighted mean rating of the voters who rated each item (the
               rule is not part of scikit-learn: one line of NumPy, as on the scratch side)

Both sides check their input with the same checks.
"""

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.neighbors import NearestNeighbors

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._params import Integer, Optional, check_hyperparameters


def check_ratings(X, n_items=None):
    """X as ratings, float32 kept (else float64): finite, >= 0 (0 = not rated)."""
    X = check_X(X, dtype=float_dtype(X), n_features=n_items)
    if (X < 0).any():
        raise ValueError("ratings must be >= 0 (0 marks an unrated item)")
    return X


class UserBasedCF:
    """User-based collaborative filtering on scikit-learn's similarity and neighbours.

    Parameters
    ----------
    n_neighbors : int >= 1 or None, how many of the most similar known users vote.
    """

    hyperparameters = {"n_neighbors": Optional(Integer(low=1))}

    def __init__(self, n_neighbors=None):
        self.n_neighbors = n_neighbors

    def fit(self, X, y=None):
        """Store the known users' ratings X (U, I); y is ignored."""
        check_hyperparameters(self)
        self.ratings_ = check_ratings(X)
        self.n_features_in_ = self.ratings_.shape[1]
        if self.n_neighbors is not None and self.n_neighbors < len(self.ratings_):
            self.neighbors_ = NearestNeighbors(n_neighbors=self.n_neighbors,
                                               metric="cosine").fit(self.ratings_)
        return self

    def similarity(self, X):
        """S (N, U): the cosine similarity of each query user to each known user."""
        check_is_fitted(self, "ratings_")
        X = check_ratings(X, self.n_features_in_)
        return cosine_similarity(X, self.ratings_)

    def predict(self, X):
        """P (N, I): each item's similarity-weighted mean rating among the voters."""
        S = self.similarity(X)                                         # (N, U)
        if hasattr(self, "neighbors_"):
            X = np.asarray(X, dtype=self.ratings_.dtype)               # checked just above
            nearest = self.neighbors_.kneighbors(X, return_distance=False)  # (N, k)
            voters = np.zeros_like(S, dtype=bool)
            np.put_along_axis(voters, nearest, True, axis=1)
            S = np.where(voters, S, 0.0)
        rated = (self.ratings_ > 0).astype(self.ratings_.dtype)
        numerator, denominator = S @ self.ratings_, np.abs(S) @ rated
        return np.divide(numerator, denominator, out=np.zeros_like(numerator),
                         where=denominator > 0)
