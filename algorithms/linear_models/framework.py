"""Ridge, lasso and elastic net with scikit-learn.

Shapes: N samples, D features; X (N, D), y (N,), coef_ (D,), intercept_; A values of α.

    ridge        sklearn.linear_model.Ridge(alpha, solver="cholesky"): the centred normal
                 equations (Xcᵀ Xc + α I) w = Xcᵀ yc, or their (N, N) kernel form when D > N
    elastic net  sklearn.linear_model.ElasticNet(alpha, l1_ratio, ...) and Lasso(alpha, ...):
                 cyclic coordinate descent (scikit-learn's compiled cd_fast), stopped by the
                 duality gap; n_iter_ passes, dual_gap_ = G / N
    path         sklearn.linear_model.enet_path on the centred data: the α grid from α_max
                 down to eps α_max, warm-started fits

Ridge's default solver ("auto") picks one from the data; "cholesky" is named here, the closed
form the scratch side writes. enet_path's default precomputes XᵀX when N > D and descends on
it (the same iterates, other rounding); precompute=False descends on X itself, as ElasticNet
does. Both sides check their input with the same functions before scikit-learn sees it.
"""

import numpy as np
from sklearn import linear_model

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Flag, Integer, Real, check_hyperparameters


def centre(X, y):
    """(Xc, yc, x̄, ȳ): X and y less their means."""
    X_mean, y_mean = X.mean(axis=0), y.mean()
    return X - X_mean, y - y_mean, X_mean, y_mean


def _check_data(X, y):
    X, y = check_X_y(X, y, dtype=float_dtype(X))                       # float32 stays float32
    check_squares_fit(X)
    check_squares_fit(y[:, None], name="y")
    return X, y


class Ridge:
    """Least squares with an L2 penalty: scikit-learn's Ridge (Cholesky) behind the checks.

    Parameters
    ----------
    alpha : float >= 0, the weight of |w|^2.
    fit_intercept : whether to centre the data and fit b (else b = 0).
    """

    hyperparameters = {"alpha": Real(low=0), "fit_intercept": Flag()}

    def __init__(self, alpha=1.0, fit_intercept=True):
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Solve for coef_ (D,) and intercept_ from X (N, D) and y (N,)."""
        check_hyperparameters(self)
        X, y = _check_data(X, y)
        self.estimator_ = linear_model.Ridge(self.alpha, fit_intercept=self.fit_intercept,
                                             solver="cholesky").fit(X, y)
        self.coef_, self.intercept_ = self.estimator_.coef_, self.estimator_.intercept_
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """y_hat (N,) = X coef_ + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict(X)


class ElasticNet:
    """Least squares with L1 and L2 penalties: scikit-learn's ElasticNet behind the checks.

    Parameters
    ----------
    alpha : float >= 0, the weight of the whole penalty.
    l1_ratio : ρ in [0, 1], the share of it that is L1 (1: the lasso, 0: ridge's penalty).
    fit_intercept : whether to centre the data and fit b (else b = 0).
    max_iter : int >= 1, the most passes over the coordinates.
    tol : float >= 0, the duality gap to reach, relative to |yc|^2.
    """

    hyperparameters = {"alpha": Real(low=0), "l1_ratio": Real(low=0, high=1),
                       "fit_intercept": Flag(), "max_iter": Integer(low=1),
                       "tol": Real(low=0)}

    def __init__(self, alpha=1.0, l1_ratio=0.5, fit_intercept=True, max_iter=1000, tol=1e-4):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """coef_ (D,), intercept_, n_iter_ (passes) and dual_gap_ (G / N) from X (N, D), y."""
        check_hyperparameters(self)
        X, y = _check_data(X, y)
        self.estimator_ = self._estimator().fit(X, y)
        for name in ("coef_", "intercept_", "n_iter_", "dual_gap_"):
            setattr(self, name, getattr(self.estimator_, name))
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """y_hat (N,) = X coef_ + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict(X)

    def _estimator(self):
        return linear_model.ElasticNet(alpha=self.alpha, l1_ratio=self.l1_ratio,
                                       fit_intercept=self.fit_intercept,
                                       max_iter=self.max_iter, tol=self.tol)


class Lasso(ElasticNet):
    """The elastic net with ρ = 1: scikit-learn's Lasso behind the checks.

    Parameters
    ----------
    alpha, fit_intercept, max_iter, tol : as ElasticNet's.
    """

    hyperparameters = {name: constraint for name, constraint
                       in ElasticNet.hyperparameters.items() if name != "l1_ratio"}
    l1_ratio = 1.0

    def __init__(self, alpha=1.0, fit_intercept=True, max_iter=1000, tol=1e-4):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def _estimator(self):
        return linear_model.Lasso(alpha=self.alpha, fit_intercept=self.fit_intercept,
                                  max_iter=self.max_iter, tol=self.tol)


class ElasticNetPath:
    """The elastic net at a grid of α, large to small, warm-started: scikit-learn's enet_path
    on the centred data.

    Parameters
    ----------
    l1_ratio : ρ in (0, 1] (the grid needs an L1 share: α_max divides by it).
    eps : float in (0, 1), the ratio of the smallest α to α_max.
    n_alphas : int >= 1, the number of α on the grid.
    fit_intercept, max_iter, tol : as ElasticNet's, for every fit.
    """

    hyperparameters = {"l1_ratio": Real(low=0, high=1, low_open=True),
                       "eps": Real(low=0, high=1, low_open=True, high_open=True),
                       "n_alphas": Integer(low=1), "fit_intercept": Flag(),
                       "max_iter": Integer(low=1), "tol": Real(low=0)}

    def __init__(self, l1_ratio=1.0, eps=1e-3, n_alphas=100, fit_intercept=True, max_iter=1000,
                 tol=1e-4):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.n_alphas = n_alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """alphas_ (A,), coef_path_ (D, A), intercept_path_ (A,), dual_gaps_ (A,), n_iters_
        (A,) and entries_ (D,), the first α at which each coefficient leaves 0 (A: never),
        from X (N, D), y (N,)."""
        check_hyperparameters(self)
        X, y = _check_data(X, y)
        if self.fit_intercept:
            Xc, yc, X_mean, y_mean = centre(X, y)
        else:
            Xc, yc, X_mean, y_mean = X, y, np.zeros(X.shape[1], X.dtype), X.dtype.type(0)
        self.alphas_, self.coef_path_, self.dual_gaps_, n_iters = linear_model.enet_path(
            np.asfortranarray(Xc), yc, l1_ratio=self.l1_ratio, eps=self.eps,
            alphas=self.n_alphas, precompute=False, max_iter=self.max_iter, tol=self.tol,
            return_n_iter=True)
        self.n_iters_ = np.asarray(n_iters, dtype=np.int64)
        self.intercept_path_ = y_mean - X_mean @ self.coef_path_
        nonzero = self.coef_path_ != 0
        self.entries_ = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), self.n_alphas)
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        """y_hat (N, A): the prediction at every α of the path."""
        check_is_fitted(self, "coef_path_")
        X = check_X(X, dtype=self.coef_path_.dtype, n_features=self.n_features_in_)
        return X @ self.coef_path_ + self.intercept_path_
