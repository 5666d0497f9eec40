"""Ridge, lasso and elastic net in NumPy: least squares with a penalty, solved in closed form
or one coordinate at a time.

Shapes: N samples, D features; X (N, D), y (N,), coefficients w (D,), intercept b. Every model
centres first (x̄, ȳ the means, Xc = X - x̄, yc = y - ȳ), fits w on the centred data, and
sets b = ȳ - x̄ . w: the intercept is never penalized.

    ridge        min_w |yc - Xc w|^2 + α |w|^2
                 w = (Xcᵀ Xc + α I)⁻¹ Xcᵀ yc        a (D, D) system, when D <= N
                 w = Xcᵀ (Xc Xcᵀ + α I)⁻¹ yc        an (N, N) system, when D > N: the same w
    elastic net  min_w 1/(2N) |yc - Xc w|^2 + α ρ |w|_1 + α (1 - ρ)/2 |w|^2   (lasso: ρ = 1)
                 times N: l1 = N α ρ and l2 = N α (1 - ρ) weigh the two penalties
    a coordinate with the others fixed, r_j = yc - Xc w + x_j w_j the residual without j:
                 w_j = S(x_jᵀ r_j, l1) / (x_jᵀ x_j + l2),   S(z, t) = sign(z) max(|z| - t, 0)
                 soft thresholding: a feature whose correlation with the residual stays
                 within ±l1 gets exactly 0, which is how the lasso selects features
    stop         the duality gap G(w) >= objective(w) - min objective, checked before the
                 first pass and after any pass whose largest change is below tol times the
                 largest |w_j| (or the last pass); G <= tol |yc|^2 ends the descent
    path         α from α_max = max_j |x_jᵀ yc| / (N ρ), the smallest α where w = 0, down to
                 eps α_max, n_alphas of them evenly spaced in log α; each fit starts from the
                 previous one's w (a warm start), so the whole path costs a few fits

The file opens with the coordinate descent in textbook form: the residual without j computed
whole for every coordinate. The fast form that follows keeps the residual and updates it by
the one column that changed. Both sweep the coordinates in order and stop by the same rule as
scikit-learn's coordinate descent, so the two sides take the same number of passes (n_iter_).
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Flag, Integer, Real, check_hyperparameters

# --- the idea: one coordinate at a time, textbook form --------------------------------------

def coordinate_descent(Xc, yc, w, l1, l2, max_iter, tol):
    """(w, passes, gap): argmin 1/2 |yc - Xc w|^2 + l1 |w|_1 + l2/2 |w|^2, w_j by w_j."""
    step_tol, gap_tol = tol, tol * (yc @ yc)
    gap = duality_gap(Xc, yc, yc - Xc @ w, w, l1, l2)
    if gap <= gap_tol:
        return w, 0, gap                                    # already there: no pass at all
    for passes in range(1, max_iter + 1):
        change = largest = 0.0
        for j in range(len(w)):
            if not Xc[:, j].any():
                continue                                   # a constant feature: w_j stays 0
            before = w[j]
            without_j = yc - Xc @ w + Xc[:, j] * w[j]                  # r_j (N,)
            w[j] = soft_threshold(Xc[:, j] @ without_j, l1) / (Xc[:, j] @ Xc[:, j] + l2)
            change, largest = max(change, abs(w[j] - before)), max(largest, abs(w[j]))
        if largest == 0 or change / largest < step_tol or passes == max_iter:
            gap = duality_gap(Xc, yc, yc - Xc @ w, w, l1, l2)
            if gap < gap_tol:
                break
    return w, passes, gap


def soft_threshold(z, t):
    """S(z, t) = sign(z) max(|z| - t, 0): z moved t towards 0, and 0 within ±t."""
    return np.sign(z) * max(abs(z) - t, 0.0)


def duality_gap(Xc, yc, residual, w, l1, l2):
    """G(w) for min 1/2 |yc - Xc w|^2 + l1 |w|_1 + l2/2 |w|^2 at w, with residual = yc - Xc w:
    the primal objective minus that of the dual point made by scaling the residual until it
    is feasible (|Xcᵀ θ - l2 w|_inf <= l1), as scikit-learn's coordinate descent computes it."""
    correlations = Xc.T @ residual - l2 * w                           # (D,)
    largest = np.abs(correlations).max()
    residual_norm2 = residual @ residual
    if largest > l1:
        scale = l1 / largest
        gap = 0.5 * (residual_norm2 + residual_norm2 * scale**2)
    else:
        scale = 1.0
        gap = residual_norm2
    return gap + (l1 * np.abs(w).sum() - scale * (residual @ yc)
                  + 0.5 * l2 * (1 + scale**2) * (w @ w))


# --- the fast form: the residual kept, one column at a time ----------------------------------
# The same passes without recomputing Xc w for every coordinate (N D work each time): the
# residual R = yc - Xc w is kept, and changing w_j moves it by x_j (w_j - old w_j), N work.
# The column norms |x_j|^2 are computed once, and Xc is stored by columns so that each x_j is
# one contiguous run of memory. A column of zeros keeps w_j = 0 and is skipped.

def coordinate_descent_fast(Xc, yc, w, l1, l2, max_iter, tol):
    """coordinate_descent, with the residual updated in place."""
    Xc = np.asfortranarray(Xc)                                         # columns contiguous
    column_norms = (Xc**2).sum(axis=0)                                 # |x_j|^2 (D,)
    R = yc - Xc @ w
    step_tol, gap_tol = tol, tol * (yc @ yc)
    gap = duality_gap(Xc, yc, R, w, l1, l2)
    if gap <= gap_tol:
        return w, 0, gap
    for passes in range(1, max_iter + 1):
        change = largest = 0.0
        for j in range(len(w)):
            if column_norms[j] == 0:
                continue
            before = w[j]
            if before != 0:
                R += before * Xc[:, j]                                 # R is now r_j
            w[j] = soft_threshold(Xc[:, j] @ R, l1) / (column_norms[j] + l2)
            if w[j] != 0:
                R -= w[j] * Xc[:, j]                                   # and back to yc - Xc w
            change, largest = max(change, abs(w[j] - before)), max(largest, abs(w[j]))
        if largest == 0 or change / largest < step_tol or passes == max_iter:
            gap = duality_gap(Xc, yc, R, w, l1, l2)
            if gap < gap_tol:
                break
    return w, passes, gap


def centre(X, y):
    """(Xc, yc, x̄, ȳ): X and y less their means."""
    X_mean, y_mean = X.mean(axis=0), y.mean()
    return X - X_mean, y - y_mean, X_mean, y_mean


def alpha_grid(Xc, yc, l1_ratio, eps, n_alphas):
    """n_alphas values of α from α_max (the smallest α whose w is all zeros) down to
    eps α_max, evenly spaced in log α."""
    alpha_max = np.sqrt(np.max((Xc.T @ yc) ** 2)) / (len(yc) * l1_ratio)  # max_j |x_jᵀ yc|
    if alpha_max <= np.finfo(np.float64).resolution:                   # y is constant
        return np.full(n_alphas, np.finfo(np.float64).resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def _check_data(X, y):
    X, y = check_X_y(X, y, dtype=float_dtype(X))                       # float32 stays float32
    check_squares_fit(X)
    check_squares_fit(y[:, None], name="y")
    return X, y


class Ridge:
    """Least squares with an L2 penalty, in closed form, with scikit-learn's names.

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
        if self.fit_intercept:
            Xc, yc, X_mean, y_mean = centre(X, y)
        else:
            Xc, yc, X_mean, y_mean = X, y, np.zeros(X.shape[1], X.dtype), X.dtype.type(0)
        N, D = Xc.shape
        if D <= N:
            A = Xc.T @ Xc + self.alpha * np.eye(D, dtype=X.dtype)      # (D, D)
            self.coef_ = np.linalg.solve(A, Xc.T @ yc)
        else:
            K = Xc @ Xc.T + self.alpha * np.eye(N, dtype=X.dtype)      # (N, N)
            self.coef_ = Xc.T @ np.linalg.solve(K, yc)
        self.intercept_ = y_mean - X_mean @ self.coef_
        self.n_features_in_ = D
        return self

    def predict(self, X):
        """y_hat (N,) = X coef_ + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return X @ self.coef_ + self.intercept_


class ElasticNet:
    """Least squares with L1 and L2 penalties, by coordinate descent, with scikit-learn's
    names.

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
        if self.fit_intercept:
            Xc, yc, X_mean, y_mean = centre(X, y)
        else:
            Xc, yc, X_mean, y_mean = X, y, np.zeros(X.shape[1], X.dtype), X.dtype.type(0)
        N, D = X.shape
        l1 = self.alpha * self.l1_ratio * N
        l2 = self.alpha * (1 - self.l1_ratio) * N
        self.coef_, self.n_iter_, gap = coordinate_descent_fast(
            Xc, yc, np.zeros(D, dtype=X.dtype), X.dtype.type(l1), X.dtype.type(l2),
            self.max_iter, X.dtype.type(self.tol))
        self.dual_gap_ = gap / N
        self.intercept_ = y_mean - X_mean @ self.coef_
        self.n_features_in_ = D
        return self

    def predict(self, X):
        """y_hat (N,) = X coef_ + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return X @ self.coef_ + self.intercept_


class Lasso(ElasticNet):
    """The elastic net with ρ = 1: an L1 penalty alone, which sets some coefficients to 0.

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


class ElasticNetPath:
    """The elastic net at a grid of α, large to small, each fit warm-started from the last:
    which coefficient leaves zero where.

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
        N, D = X.shape
        self.alphas_ = alpha_grid(Xc, yc, self.l1_ratio, self.eps, self.n_alphas)
        self.coef_path_ = np.empty((D, self.n_alphas), dtype=X.dtype)
        self.dual_gaps_ = np.empty(self.n_alphas)
        self.n_iters_ = np.empty(self.n_alphas, dtype=np.int64)
        w = np.zeros(D, dtype=X.dtype)
        for i, alpha in enumerate(self.alphas_):
            l1, l2 = alpha * self.l1_ratio * N, alpha * (1 - self.l1_ratio) * N
            w, self.n_iters_[i], gap = coordinate_descent_fast(
                Xc, yc, w, X.dtype.type(l1), X.dtype.type(l2), self.max_iter,
                X.dtype.type(self.tol))
            self.coef_path_[:, i], self.dual_gaps_[i] = w, gap / N      # warm start: keep w
        self.intercept_path_ = y_mean - X_mean @ self.coef_path_
        nonzero = self.coef_path_ != 0
        self.entries_ = np.where(nonzero.any(axis=1), nonzero.argmax(axis=1), self.n_alphas)
        self.n_features_in_ = D
        return self

    def predict(self, X):
        """y_hat (N, A): the prediction at every α of the path."""
        check_is_fitted(self, "coef_path_")
        X = check_X(X, dtype=self.coef_path_.dtype, n_features=self.n_features_in_)
        return X @ self.coef_path_ + self.intercept_path_
