"""Principal component analysis in NumPy: the SVD of the centred data.

Shapes: N samples, D features, k components, r = min(N, D).

    centre     mean_ = mean_i X_i (D,);  Xc = X - mean_                   (N, D)
    full       Xc = U S V^T (thin SVD): the rows of V^T (r, D) are the principal axes,
               orthonormal, ordered by singular value S (r,)
    covariance C = Xc^T Xc / (N - 1) = V diag(S^2 / (N - 1)) V^T          (D, D)
               "covariance_eigh" diagonalizes C instead (cheaper when N >> D:
               one D x D eigendecomposition), S = sqrt((N - 1) eig(C)), eigenvalues below
               0 from rounding clipped to 0
    sign       an axis and its negative are both axes: each row of V^T is flipped so that
               its largest |entry| is positive (scikit-learn's svd_flip), so the answer is
               unique
    variance   explained_variance_ = S^2 / (N - 1);  ratio = S^2 / sum(S^2) over all r
    keep       components_ = first k rows of V^T (k, D); a fraction 0 < k < 1 keeps the
               fewest axes whose cumulative ratio exceeds it
    noise      noise_variance_ = mean of the r - k discarded variances (0 if none)
    transform  Z = (X - mean_) components_^T                              (N, k)
    inverse    X_hat = Z components_ + mean_                              (N, D)
"""

import numbers

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._model_checks import check_n_components, check_squares_fit
from algorithms._params import Either, Integer, Optional, Options, Real, check_hyperparameters

SOLVERS = ("full", "covariance_eigh")


def n_components_to_keep(n_components, ratio):
    """k: all r axes for None, the count for an int, the variance share for a fraction."""
    if n_components is None:
        return len(ratio)
    if isinstance(n_components, numbers.Integral):
        return int(n_components)
    # the fewest axes whose cumulative share of the variance exceeds n_components
    return int(np.searchsorted(np.cumsum(ratio), n_components, side="right")) + 1


class PCA:
    """Principal component analysis with scikit-learn's parameter and attribute names.

    Parameters
    ----------
    n_components : None (all min(N, D) axes), an int k, or a fraction in (0, 1) of the
        variance to keep.
    svd_solver : "full" (SVD of the centred data) or "covariance_eigh" (eigenvectors of the
        covariance matrix).
    """

    hyperparameters = {
        "n_components": Optional(Either((Integer(low=1),
                                         Real(low=0, high=1, low_open=True, high_open=True)))),
        "svd_solver": Options(*SOLVERS),
    }

    def __init__(self, n_components=None, svd_solver="full"):
        self.n_components = n_components
        self.svd_solver = svd_solver

    def fit(self, X, y=None):
        """Find the principal axes of X (N, D); y is ignored."""
        check_hyperparameters(self)
        X = check_X(X, dtype=float_dtype(X))                 # float32 stays float32
        check_squares_fit(X)
        N, D = X.shape
        if N < 2:
            raise ValueError("PCA needs at least 2 samples: the variance divides by N - 1")
        check_n_components(self.n_components, N, D)
        self.mean_ = X.mean(axis=0)                                     # (D,)
        Xc = X - self.mean_                                             # (N, D)
        if self.svd_solver == "full":
            _, S, Vt = np.linalg.svd(Xc, full_matrices=False)          # S (r,), Vt (r, D)
            variance = S**2 / (N - 1)
        else:
            eigenvalues, eigenvectors = np.linalg.eigh(Xc.T @ Xc / (N - 1))  # ascending
            variance = np.maximum(eigenvalues[::-1], 0)                 # (D,), descending
            Vt = eigenvectors[:, ::-1].T                                # (D, D)
            S = np.sqrt(variance * (N - 1))
        largest = np.argmax(np.abs(Vt), axis=1)                        # sign: the largest
        Vt = Vt * np.sign(Vt[np.arange(len(Vt)), largest])[:, None]    # |entry| positive
        ratio = variance / variance.sum()
        k = n_components_to_keep(self.n_components, ratio[:min(N, D)])
        self.n_features_in_, self.n_samples_, self.n_components_ = D, N, k
        self.components_ = Vt[:k].copy()                               # (k, D)
        self.explained_variance_ = variance[:k].copy()
        self.explained_variance_ratio_ = ratio[:k].copy()
        self.singular_values_ = S[:k].copy()
        self.noise_variance_ = variance[k:min(N, D)].mean() if k < min(N, D) else 0.0
        return self

    def transform(self, X):
        """The coordinates Z (N, k) of X (N, D) along the principal axes."""
        check_is_fitted(self, "components_")
        X = check_X(X, dtype=self.mean_.dtype, n_features=self.n_features_in_)
        return (X - self.mean_) @ self.components_.T                   # (N, k)

    def inverse_transform(self, Z):
        """Back to feature space: X_hat (N, D) = Z components_ + mean_."""
        check_is_fitted(self, "components_")
        Z = check_X(Z, dtype=self.mean_.dtype, n_features=self.n_components_)
        return Z @ self.components_ + self.mean_
