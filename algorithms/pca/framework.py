"""Principal component analysis with scikit-learn.

Shapes: N samples, D features, k components, r = min(N, D).

    fit        sklearn.decomposition.PCA(n_components, svd_solver).fit(X): mean_,
               components_ (k, D) with svd_flip's signs, explained_variance_(ratio_),
               singular_values_, noise_variance_
    transform  PCA.transform(X)                  (X - mean_) components_^T       (N, k)
    inverse    PCA.inverse_transform(Z)          Z components_ + mean_           (N, D)

scikit-learn's default svd_solver="auto" picks a solver from the data's shape (randomized SVD
for large data); here the solver is named, so both sides solve the same problem. Both sides
check their input with the same function before scikit-learn sees it.
"""

from sklearn import decomposition

from algorithms._inputs import check_is_fitted, check_X, float_dtype
from algorithms._model_checks import check_n_components, check_squares_fit
from algorithms._params import Either, Integer, Optional, Options, Real, check_hyperparameters

SOLVERS = ("full", "covariance_eigh")


class PCA:
    """Principal component analysis: scikit-learn's PCA behind the shared checks.

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
        X = check_X(X, dtype=float_dtype(X))
        check_squares_fit(X)
        if len(X) < 2:
            raise ValueError("PCA needs at least 2 samples: the variance divides by N - 1")
        check_n_components(self.n_components, *X.shape)
        self.estimator_ = decomposition.PCA(self.n_components, svd_solver=self.svd_solver)
        self.estimator_.fit(X)
        for name in ("n_features_in_", "n_samples_", "n_components_", "mean_", "components_",
                     "explained_variance_", "explained_variance_ratio_", "singular_values_",
                     "noise_variance_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def transform(self, X):
        """The coordinates Z (N, k) of X (N, D) along the principal axes."""
        check_is_fitted(self, "components_")
        return self.estimator_.transform(check_X(X, dtype=self.mean_.dtype,
                                                 n_features=self.n_features_in_))

    def inverse_transform(self, Z):
        """Back to feature space: X_hat (N, D) = Z components_ + mean_."""
        check_is_fitted(self, "components_")
        return self.estimator_.inverse_transform(check_X(Z, dtype=self.mean_.dtype,
                                                         n_features=self.n_components_))
