"""User-based collaborative filtering in NumPy: rate an item as similar users rated it.

Shapes: a ratings matrix R (U, I) of U known users and I items, 0 where a user has not rated
an item; queries X (N, I), new users' ratings in the same layout.

    similarity S[n, u] = x_n . r_u / (|x_n| |r_u|): the cosine of the angle between two
               users' rating vectors (unrated items count as 0); a user with no ratings has
               similarity 0 to everyone, not 0 / 0
    neighbours only the n_neighbors most similar known users vote (all of them for None)
    prediction P[n, i] = sum_u S[n, u] R[u, i] / sum_u |S[n, u]| [R[u, i] > 0], over the
               voting users u who rated i: a similarity-weighted mean of their ratings;
               0 where no voter rated i
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._params import Integer, Optional, check_hyperparameters


def check_ratings(X, n_items=None):
    """X as ratings, float32 kept (else float64): finite, >= 0 (0 = not rated)."""
    X = check_X(X, dtype=float_dtype(X), n_features=n_items)
    if (X < 0).any():
        raise ValueError("ratings must be >= 0 (0 marks an unrated item)")
    return X


def cosine_similarity(A, B):
    """S (len(A), len(B)) of the rows' cosines; 0 for an all-zero row."""
    norms_A, norms_B = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    A_unit = A / np.where(norms_A > 0, norms_A, 1)[:, None]            # zero rows stay zero
    B_unit = B / np.where(norms_B > 0, norms_B, 1)[:, None]
    return A_unit @ B_unit.T


class UserBasedCF:
    """User-based collaborative filtering.

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
        return self

    def similarity(self, X):
        """S (N, U): the cosine similarity of each query user to each known user."""
        check_is_fitted(self, "ratings_")
        X = check_ratings(X, self.n_features_in_)
        return cosine_similarity(X, self.ratings_)

    def predict(self, X):
        """P (N, I): each item's similarity-weighted mean rating among the voters."""
        S = self.similarity(X)                                         # (N, U)
        k = self.n_neighbors
        if k is not None and k < S.shape[1]:
            outside = np.argpartition(-S, k - 1, axis=1)[:, k:]       # all but the k nearest
            np.put_along_axis(S, outside, 0.0, axis=1)
        rated = (self.ratings_ > 0).astype(self.ratings_.dtype)                 # (U, I)
        numerator = S @ self.ratings_                                   # sum_u S R
        denominator = np.abs(S) @ rated                                 # sum_u |S| [rated]
        return np.divide(numerator, denominator, out=np.zeros_like(numerator),
                         where=denominator > 0)
