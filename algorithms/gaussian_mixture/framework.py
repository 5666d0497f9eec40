"""Gaussian mixtures with scikit-learn: GaussianMixture, fitted by EM.

Shapes: N samples, D features, K components; weights π (K,), means μ (K, D), covariances Σ
by covariance_type: full (K, D, D), tied (D, D), diag (K, D), spherical (K,).

    fit        sklearn.mixture.GaussianMixture(n_components, covariance_type, tol, reg_covar,
               max_iter, n_init, init_params, random_state).fit_predict(X): per start, the
               responsibilities of k-means' labels (or random ones), then E- and M-steps in
               log space until the mean log-likelihood rises by less than tol
    predict    predict_proba (the responsibilities), predict, score_samples (log p(x)),
               score, bic, aic

Both sides check their input with the same function before scikit-learn sees it.
"""

from sklearn import mixture

from algorithms._inputs import check_is_fitted, check_X, forget_fit
from algorithms._model_checks import check_mixture_data
from algorithms._params import SEED, Integer, Options, Real, check_hyperparameters

FITTED = ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_",
          "converged_", "n_iter_", "lower_bound_", "lower_bounds_", "n_features_in_")


class GaussianMixture:
    """A mixture of K Gaussians fitted by EM: scikit-learn's GaussianMixture.

    Parameters
    ----------
    n_components : int >= 1, the number of components K.
    covariance_type : "full", "tied", "diag" or "spherical".
    tol : float >= 0, the rise of the mean log-likelihood below which EM stops.
    reg_covar : float >= 0, added to every covariance's diagonal (keeps it invertible).
    max_iter : int >= 0, EM steps per start at most (0: the start's parameters).
    n_init : int >= 1, the number of starts.
    init_params : "kmeans", "random" or "random_from_data", how a start's responsibilities
        are drawn.
    random_state : int, seeds the RandomState every start draws from.
    """

    hyperparameters = {
        "n_components": Integer(low=1),
        "covariance_type": Options("full", "tied", "diag", "spherical"),
        "tol": Real(low=0), "reg_covar": Real(low=0), "max_iter": Integer(low=0),
        "n_init": Integer(low=1),
        "init_params": Options("kmeans", "random", "random_from_data"),
        "random_state": SEED,
    }

    def __init__(self, n_components=1, covariance_type="full", tol=1e-3, reg_covar=1e-6,
                 max_iter=100, n_init=1, init_params="kmeans", random_state=0):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.random_state = random_state

    def fit_predict(self, X, y=None):
        """Fit by EM from n_init starts, keep the best, and return the component (N,) each
        sample most likely came from; y is ignored."""
        check_hyperparameters(self)
        forget_fit(self)
        X = check_mixture_data(X, self.n_components)
        estimator = mixture.GaussianMixture(
            n_components=self.n_components, covariance_type=self.covariance_type,
            tol=self.tol, reg_covar=self.reg_covar, max_iter=self.max_iter,
            n_init=self.n_init, init_params=self.init_params, random_state=self.random_state)
        labels = estimator.fit_predict(X)
        self.estimator_ = estimator                    # only once fit has succeeded
        for name in FITTED:
            setattr(self, name, getattr(self.estimator_, name))
        return labels

    def fit(self, X, y=None):
        """Fit by EM (fit_predict without the labels)."""
        self.fit_predict(X)
        return self

    def _checked(self, X):
        check_is_fitted(self, "estimator_")
        return check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_)

    def score_samples(self, X):
        """log p(x) (N,) under the mixture."""
        X = self._checked(X)
        return self.estimator_.score_samples(X)

    def score(self, X, y=None):
        """The mean log-likelihood of X."""
        X = self._checked(X)
        return self.estimator_.score(X)

    def predict_proba(self, X):
        """The responsibilities r (N, K)."""
        X = self._checked(X)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        """The most responsible component (N,)."""
        X = self._checked(X)
        return self.estimator_.predict(X)

    def bic(self, X):
        """-2 log-likelihood + (free parameters) log N: lower is better."""
        X = self._checked(X)
        return self.estimator_.bic(X)

    def aic(self, X):
        """-2 log-likelihood + 2 (free parameters): lower is better."""
        X = self._checked(X)
        return self.estimator_.aic(X)
