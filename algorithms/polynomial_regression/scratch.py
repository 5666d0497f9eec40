"""Polynomial regression in NumPy: expand the features into monomials, then least squares.

Shapes: N samples, D features, M monomials of degree 1..p (no constant column: the intercept
is fitted apart, as scikit-learn's LinearRegression does).

    powers_    (M, D): row j holds the exponents of monomial j, in scikit-learn's order:
               by degree, then lexicographically by the features multiplied, e.g. D = 2, p = 2:
               x0, x1, x0^2, x0 x1, x1^2
    transform  Phi[:, j] = prod_d X[:, d] ** powers_[j, d]          (N, M)
    fit        centre Phi and y, then least squares on the centred data:
               coef_ = argmin_w |(Phi - mean Phi) w - (y - mean y)|^2  by SVD, singular
               values below tol x the largest treated as zero (the minimum-norm solution
               when Phi is rank deficient), intercept_ = mean y - (mean Phi) . coef_
    predict    y_hat = Phi coef_ + intercept_                        (N,)

Centring first makes the intercept exact and leaves the solver a better-conditioned problem.
M = C(D + p, p) - 1 grows fast with D and p: D = 10, p = 3 is already 285 columns.
"""

from itertools import combinations_with_replacement

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_powers_fit
from algorithms._params import Integer, Real, check_hyperparameters


def monomial_powers(n_features, degree):
    """(M, D) exponents of every monomial of degree 1..degree, in scikit-learn's order."""
    rows = [np.bincount(combination, minlength=n_features)
            for d in range(1, degree + 1)
            for combination in combinations_with_replacement(range(n_features), d)]
    return np.array(rows, dtype=np.int64).reshape(-1, n_features)


class PolynomialRegression:
    """Least squares on the monomials of X up to `degree`, with scikit-learn's names.

    Parameters
    ----------
    degree : int >= 1, the highest total degree of the monomials.
    tol : float in [0, 1], singular values of the centred monomials below tol times the
        largest count as zero (scikit-learn's LinearRegression default, 1e-6).
    """

    hyperparameters = {"degree": Integer(low=1), "tol": Real(low=0, high=1)}

    def __init__(self, degree=2, tol=1e-6):
        self.degree = degree
        self.tol = tol

    def fit(self, X, y):
        """Expand X (N, D) and solve least squares for y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X))                  # float32 stays float32
        check_powers_fit(X, self.degree)
        self.n_features_in_ = X.shape[1]
        self.powers_ = monomial_powers(X.shape[1], self.degree)       # (M, D)
        Phi = self._expand(X)                                          # (N, M)
        Phi_mean, y_mean = Phi.mean(axis=0), y.mean()
        self.coef_ = np.linalg.lstsq(Phi - Phi_mean, y - y_mean, rcond=self.tol)[0]  # (M,)
        self.intercept_ = y_mean - Phi_mean @ self.coef_
        return self

    def _expand(self, X):
        """Phi (N, M): column j is the product of the features monomial j multiplies."""
        Phi = np.ones((X.shape[0], len(self.powers_)), dtype=X.dtype)
        for j, exponents in enumerate(self.powers_):
            for d in np.flatnonzero(exponents):
                Phi[:, j] *= X[:, d] ** exponents[d]
        return Phi

    def transform(self, X):
        """The monomials Phi (N, M) of X (N, D)."""
        check_is_fitted(self, "powers_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self._expand(check_powers_fit(X, self.degree))

    def predict(self, X):
        """y_hat (N,) = Phi coef_ + intercept_."""
        return self.transform(X) @ self.coef_ + self.intercept_
