"""Linear and quadratic discriminant analysis in NumPy: a Gaussian per class, then Bayes' rule.

Shapes: N samples, D features, K classes; X (N, D), labels y (N,); class means M (K, D).

    model      x | class k ~ N(μ_k, Σ_k) and P(class k) = π_k (each class's share of y, or the
               priors given); the class of x is the k with the largest log P(k | x)
    LDA        one covariance for every class, Σ = sum_k π_k Σ_k (Σ_k the class's own, 1/N_k):
               log P(k | x) = xᵀ Σ⁻¹ μ_k - ½ μ_kᵀ Σ⁻¹ μ_k + log π_k + const, linear in x:
               coef_ (K, D) = M Σ⁻¹,  intercept_ (K,) = -½ diag(M Σ⁻¹ Mᵀ) + log π
               (two classes: one row, class 1's less class 0's)
    QDA        a covariance per class, Σ_k = R_k diag(s_k) R_kᵀ (rotations_, scalings_):
               log P(k | x) = -½ |(x - μ_k) R_k s_k^-½|² - ½ sum log s_k + log π_k + const,
               quadratic in x; reg_param r blends s_k towards 1: s_k <- (1 - r) s_k + r
    proba      softmax of the decision values (two classes: the logistic of their difference)
    shrinkage  Σ <- (1 - λ) Σ + λ (tr Σ / D) I, for a given λ; "auto" takes Ledoit-Wolf's λ,
               which minimizes the expected error of the shrunk estimate, on standardized data

LDA's solvers reach the same coef_ by three routes. The file opens with "lsqr", the formula
above: form Σ, solve Σ coefᵀ = Mᵀ. "svd" (the default) never forms Σ: it whitens the within-
class centred data by its SVD, then finds the directions between the class means by a second
SVD; its scalings_ (the discriminant axes, at most K - 1 that matter) project X for
transform. "eigen" solves the generalized eigenproblem Sb v = λ Σ v, Sb = St - Σ the scatter
between the classes, by Cholesky: L⁻¹ Sb L⁻ᵀ u = λ u with Σ = L Lᵀ, v = L⁻ᵀ u.
"""

import math

import numpy as np

from algorithms._inputs import check_is_fitted, check_X
from algorithms._model_checks import check_classes
from algorithms._params import AnArray, Either, Optional, Options, Real, check_hyperparameters
from algorithms.activations.scratch import sigmoid, softmax

# --- the idea: a Gaussian per class, one covariance for all ---------------------------------

def class_means(X, labels, K):
    """M (K, D): the mean of each class's rows (labels in 0..K-1)."""
    return np.array([X[labels == k].mean(axis=0) for k in range(K)])


def covariance(X, shrinkage=None):
    """The (biased, 1/N) covariance of X's rows (D, D), shrunk towards (tr Σ / D) I by the
    given λ, or by Ledoit-Wolf's for "auto" (on standardized features, then scaled back)."""
    if shrinkage == "auto":
        # a feature constant to within rounding keeps scale 1 (scikit-learn's StandardScaler:
        # var <= N eps var + (N mean eps)², the error bound of the two-pass variance)
        var, N, eps = X.var(axis=0), len(X), np.finfo(np.float64).eps
        constant = var <= N * eps * var + (N * X.mean(axis=0) * eps) ** 2
        scale = np.where(constant, 1.0, np.sqrt(var))
        return scale[:, None] * covariance(X / scale, ledoit_wolf(X / scale)) * scale
    centred = X - X.mean(axis=0)
    S = centred.T @ centred / len(X)                                   # (D, D)
    if not shrinkage:
        return S
    return (1 - shrinkage) * S + shrinkage * np.trace(S) / len(S) * np.eye(len(S))


def within_covariance(X, labels, priors, shrinkage=None):
    """Σ = sum_k π_k Σ_k (D, D): the classes' covariances, weighted by their priors."""
    return sum(priors[k] * covariance(X[labels == k], shrinkage) for k in range(len(priors)))


def linear_discriminant(means, Sigma, priors):
    """(coef (K, D), intercept (K,)): the solution of Σ coefᵀ = Mᵀ, then -½ μ_kᵀ coef_k."""
    coef = np.linalg.lstsq(Sigma, means.T, rcond=None)[0].T           # M Σ⁻¹ (K, D)
    return coef, -0.5 * np.einsum("kd,kd->k", means, coef) + np.log(priors)


def ledoit_wolf(X):
    """Ledoit-Wolf's shrinkage λ in [0, 1] for the covariance of X (N, D): the share of the
    squared error of the sample covariance that its own noise explains."""
    N, D = X.shape
    if D == 1:
        return 0.0                                      # one feature: nothing to shrink
    X = X - X.mean(axis=0)
    squares = X**2
    trace_terms = squares.sum(axis=0) / N                              # diag Σ (D,)
    mu = trace_terms.sum() / D                                         # tr Σ / D
    delta_sum = np.sum((X.T @ X) ** 2) / N**2                          # |Σ|_F^2
    beta = (np.sum(squares.T @ squares) / N - delta_sum) / (D * N)
    delta = (delta_sum - 2 * mu * trace_terms.sum() + D * mu**2) / D   # |Σ - mu I|_F^2 / D
    beta = min(beta, delta)
    return 0.0 if beta == 0 else beta / delta


# --- the other routes to LDA's coef_: two SVDs, or a generalized eigenproblem ---------------

def lda_by_svd(X, labels, means, priors, tol):
    """(scalings (D, r), xbar (D,), explained variance ratio, coef, intercept), Σ never
    formed: the within-class centred rows, scaled per feature and by 1/sqrt(N), whitened by
    their SVD; then the class means' directions by a second SVD in the whitened space."""
    N, K = len(X), len(priors)
    centred = X - means[labels]                                        # within-class (N, D)
    std = centred.std(axis=0)
    std[std == 0] = 1.0
    _, singular, Vt = np.linalg.svd(math.sqrt(1 / N) * (centred / std), full_matrices=False)
    rank = np.sum(singular > tol)
    whiten = (Vt[:rank] / std).T / singular[:rank]                     # Wᵀ Σ W = I (D, r)
    xbar = priors @ means                                              # (D,)
    weights = np.sqrt(N * priors * (1.0 if K == 1 else 1 / (K - 1)))
    between = (weights * (means - xbar).T).T @ whiten                  # (K, r)
    _, singular, Vt = np.linalg.svd(between, full_matrices=False)
    scalings = whiten @ Vt.T[:, :np.sum(singular > tol * singular[0])]  # (D, r')
    projected = (means - xbar) @ scalings
    coef = projected @ scalings.T                                      # M Σ⁻¹, less x̄'s
    intercept = -0.5 * np.sum(projected**2, axis=1) + np.log(priors) - xbar @ coef.T
    return scalings, xbar, singular**2 / np.sum(singular**2), coef, intercept


def lda_by_eigen(X, labels, means, priors, shrinkage):
    """(scalings (D, D) by decreasing λ, explained variance ratio, coef, intercept, Σ): the
    generalized eigenvectors of Sb v = λ Σ v, by the Cholesky factor of Σ."""
    Sigma = within_covariance(X, labels, priors, shrinkage)
    between = covariance(X, shrinkage) - Sigma                         # Sb = St - Σ
    L = np.linalg.cholesky(Sigma)
    L_inverse = np.linalg.inv(L)
    values, vectors = np.linalg.eigh(L_inverse @ between @ L_inverse.T)
    vectors = L_inverse.T @ vectors                                    # v = L⁻ᵀ u
    order = np.argsort(values)[::-1]
    ratio = np.sort(values / values.sum())[::-1]
    scalings = vectors[:, order]
    coef = means @ scalings @ scalings.T
    intercept = -0.5 * np.einsum("kd,kd->k", means, coef) + np.log(priors)
    return scalings, ratio, coef, intercept, Sigma


def _proba(decision):
    """P(class | x) (N, K) from the decision values: softmax, or the logistic of one column."""
    if decision.ndim == 1:
        p = sigmoid(decision)
        return np.stack([1 - p, p], axis=1)
    return softmax(decision)


class LinearDiscriminantAnalysis:
    """A Gaussian per class with one shared covariance: linear boundaries, with scikit-learn's
    names.

    Parameters
    ----------
    solver : "svd" (two SVDs, no covariance formed), "lsqr" (solve Σ coefᵀ = Mᵀ) or "eigen"
        (generalized eigenvectors).
    shrinkage : None, a λ in [0, 1], or "auto" (Ledoit-Wolf); lsqr and eigen only.
    priors : None (each class's share of y) or one probability per class.
    tol : float >= 0, the singular values that count towards the rank (svd).
    """

    hyperparameters = {"solver": Options("svd", "lsqr", "eigen"),
                       "shrinkage": Optional(Either((Options("auto"), Real(low=0, high=1)))),
                       "priors": Optional(AnArray()), "tol": Real(low=0)}

    def __init__(self, solver="svd", shrinkage=None, priors=None, tol=1e-4):
        self.solver = solver
        self.shrinkage = shrinkage
        self.priors = priors
        self.tol = tol

    def fit(self, X, y):
        """means_ (K, D), priors_ (K,), coef_, intercept_ and the solver's own attributes from
        X (N, D) and labels y (N,)."""
        check_hyperparameters(self)
        if self.shrinkage is not None and self.solver == "svd":
            raise ValueError(f"shrinkage={self.shrinkage!r} needs solver 'lsqr' or 'eigen': "
                             "the svd solver never forms the covariance it would shrink")
        X, _, self.classes_, labels, priors = check_classes(X, y, self.priors)
        self.priors_ = priors.astype(X.dtype)
        self.means_ = class_means(X, labels, len(self.classes_))
        # float32 X: svd computes in float32; lsqr and eigen, as scikit-learn's, form the
        # covariances in float64 and return float64 coefficients
        if self.solver == "lsqr":
            self.covariance_ = within_covariance(X.astype(np.float64), labels, self.priors_,
                                                 self.shrinkage)
            coef, intercept = linear_discriminant(self.means_, self.covariance_, self.priors_)
        elif self.solver == "svd":
            (self.scalings_, self.xbar_, ratio, coef, intercept) = lda_by_svd(
                X, labels, self.means_, self.priors_, self.tol)
        else:
            (self.scalings_, ratio, coef, intercept, self.covariance_) = lda_by_eigen(
                X.astype(np.float64), labels, self.means_, self.priors_, self.shrinkage)
        self._n_axes = min(len(self.classes_) - 1, X.shape[1])
        if self.solver != "lsqr":
            self.explained_variance_ratio_ = ratio[:self._n_axes]
        if len(self.classes_) == 2:                      # one row: 1 less 0, in X's dtype
            coef = (coef[1:] - coef[:1]).astype(X.dtype)
            intercept = (intercept[1:] - intercept[:1]).astype(X.dtype)
        self.coef_, self.intercept_ = coef, intercept
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        """The log posterior up to a constant: X coef_ᵀ + intercept_ (N, K), or (N,) for two
        classes."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """P(class | x) (N, K)."""
        return _proba(self.decision_function(X))

    def predict(self, X):
        """The most probable class of each row (N,)."""
        decision = self.decision_function(X)
        index = (decision > 0).astype(int) if decision.ndim == 1 else decision.argmax(axis=1)
        return self.classes_[index]

    def transform(self, X):
        """X projected on the discriminant axes (N, min(K - 1, D)); svd and eigen only."""
        check_is_fitted(self, "coef_")
        if self.solver == "lsqr":
            raise ValueError("transform needs solver 'svd' or 'eigen': lsqr finds no axes")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        centred = X - self.xbar_ if self.solver == "svd" else X
        return (centred @ self.scalings_)[:, :self._n_axes]


class QuadraticDiscriminantAnalysis:
    """A Gaussian per class with a covariance of its own: quadratic boundaries, with
    scikit-learn's names.

    Parameters
    ----------
    priors : None (each class's share of y) or one probability per class.
    reg_param : r in [0, 1]: each class's variances s_k become (1 - r) s_k + r.
    tol : float >= 0, the variances that count towards a class's rank (one below it in every
        direction is refused: that class's covariance cannot be inverted).
    """

    hyperparameters = {"priors": Optional(AnArray()), "reg_param": Real(low=0, high=1),
                       "tol": Real(low=0)}

    def __init__(self, priors=None, reg_param=0.0, tol=1e-4):
        self.priors = priors
        self.reg_param = reg_param
        self.tol = tol

    def fit(self, X, y):
        """means_ (K, D), priors_, and each class's scalings_ (D,) and rotations_ (D, D): the
        eigenvalues and eigenvectors of its covariance, from the SVD of its centred rows."""
        check_hyperparameters(self)
        X, _, self.classes_, labels, self.priors_ = check_classes(X, y, self.priors)
        self.means_ = class_means(X, labels, len(self.classes_))
        self.scalings_, self.rotations_ = [], []
        for k, label in enumerate(self.classes_):
            rows = X[labels == k]
            if len(rows) == 1:
                raise ValueError(f"y has only 1 sample in class {label}, covariance is ill "
                                 f"defined.")
            _, S, Vt = np.linalg.svd(rows - rows.mean(axis=0), full_matrices=False)
            scaling = (1 - self.reg_param) * (S**2 / len(rows)) + self.reg_param
            if np.sum(scaling > self.tol) < X.shape[1]:
                raise np.linalg.LinAlgError(_rank_message(label, len(rows), X.shape[1]))
            self.scalings_.append(scaling)
            self.rotations_.append(Vt.T)
        self.n_features_in_ = X.shape[1]
        return self

    def decision_function(self, X):
        """The log posterior up to a constant (N, K), or class 1's less class 0's for two."""
        check_is_fitted(self, "means_")
        X = check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_)
        squared = np.array([np.sum(((X - mean) @ (R * s**-0.5)) ** 2, axis=1)   # (K, N)
                            for mean, R, s in zip(self.means_, self.rotations_,
                                                  self.scalings_, strict=True)]).T
        log_dets = np.array([np.sum(np.log(s)) for s in self.scalings_])
        scores = -0.5 * (squared + log_dets) + np.log(self.priors_)
        return scores[:, 1] - scores[:, 0] if len(self.classes_) == 2 else scores

    def predict_proba(self, X):
        """P(class | x) (N, K)."""
        return _proba(self.decision_function(X))

    def predict(self, X):
        """The most probable class of each row (N,)."""
        decision = self.decision_function(X)
        index = (decision > 0).astype(int) if decision.ndim == 1 else decision.argmax(axis=1)
        return self.classes_[index]


def _rank_message(label, n_rows, n_features):
    if n_rows <= n_features:
        return (f"The covariance matrix of class {label} is not full rank. When using "
                f"`solver='svd'` the number of samples in each class should be more than the "
                f"number of features, but class {label} has {n_rows} samples and "
                f"{n_features} features. Try using `solver='eigen'` and setting the parameter "
                f"`shrinkage` for regularization.")
    return (f"The covariance matrix of class {label} is not full rank. Increase the value "
            f"of `reg_param` to reduce the collinearity.")
