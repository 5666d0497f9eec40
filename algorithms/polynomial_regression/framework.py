"""Polynomial regression with scikit-learn: PolynomialFeatures, then LinearRegression.

Shapes: N samples, D features, M monomials of degree 1..p (no constant column: the intercept
is fitted apart).

    powers_    PolynomialFeatures(degree, include_bias=False).powers_       (M, D)
    transform  PolynomialFeatures.transform(X)                              (N, M)
    fit        LinearRegression(tol).fit(Phi, y): centres Phi and y, then
               scipy.linalg.lstsq(cond=tol)
    predict    LinearRegression.predict(Phi)                                (N,)

Both sides check their input with the same function, so bad input fails the same way before
scikit-learn sees it.
"""

from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_powers_fit
from algorithms._params import Integer, Real, check_hyperparameters


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
        X, y = check_X_y(X, y, dtype=float_dtype(X))
        check_powers_fit(X, self.degree)
        self.pipeline_ = make_pipeline(PolynomialFeatures(self.degree, include_bias=False),
                                       LinearRegression(tol=self.tol)).fit(X, y)
        features, regression = self.pipeline_[0], self.pipeline_[1]
        self.n_features_in_ = X.shape[1]
        self.powers_ = features.powers_
        self.coef_, self.intercept_ = regression.coef_, regression.intercept_
        return self

    def transform(self, X):
        """The monomials Phi (N, M) of X (N, D)."""
        check_is_fitted(self, "powers_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.pipeline_[0].transform(check_powers_fit(X, self.degree))

    def predict(self, X):
        """y_hat (N,) = Phi coef_ + intercept_."""
        check_is_fitted(self, "powers_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.pipeline_.predict(check_powers_fit(X, self.degree))
