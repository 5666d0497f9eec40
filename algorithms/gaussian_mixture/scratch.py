"""Gaussian mixtures in NumPy, fitted by expectation-maximization (EM).

Shapes: N samples, D features, K components; weights π (K,), means μ (K, D), covariances Σ
by covariance_type: full (K, D, D), tied (D, D) one for all, diag (K, D), spherical (K,).

    model      p(x) = sum_k π_k N(x | μ_k, Σ_k)
    E-step     r_ik = π_k N(x_i | μ_k, Σ_k) / sum_j π_j N(x_i | μ_j, Σ_j), the responsibility
               of component k for sample i (each row of r sums to 1)
    M-step     N_k = sum_i r_ik;  π_k = N_k / N;  μ_k = sum_i r_ik x_i / N_k;
               Σ_k = sum_i r_ik (x_i - μ_k)(x_i - μ_k)ᵀ / N_k + reg_covar I
               (tied: sum_k N_k Σ_k / N; diag: the diagonals; spherical: their means)
    bound      the mean log-likelihood (1/N) sum_i log p(x_i), which no EM step lowers (but for
               reg_covar's nudge); EM stops when it moved by less than tol, or after max_iter
    start      one-hot responsibilities from k-means' labels ("kmeans"), random rows scaled to
               sum to 1 ("random"), or K samples drawn from the data ("random_from_data");
               one M-step on them gives the first parameters
    n_init     that many starts, the one with the highest final bound kept

The file opens with the E-step as the textbook writes it, densities in probability space. The
form after it works in log space with the Cholesky factor L of each precision Λ = Σ⁻¹ = L Lᵀ:

    log N(x | μ, Σ) = -½ (D log 2π + |Lᵀ(x - μ)|²) + log det L

so that a sample far from every component (whose densities all underflow to 0) still gets
its responsibilities, and no matrix is inverted. The random draws are scikit-learn's: one
RandomState(random_state) feeds every start, k-means' included (the kmeans pair replays it).
"""

import math
import warnings

import numpy as np

from algorithms._inputs import ConvergenceWarning, check_is_fitted, check_X, forget_fit
from algorithms._model_checks import check_mixture_data
from algorithms._params import SEED, Integer, Options, Real, check_hyperparameters
from algorithms.kmeans.scratch import KMeans

LOG_2PI = math.log(2 * math.pi)                 # a Python float: float32 stays float32
ILL_DEFINED = ("Fitting the mixture model failed because some components have ill-defined "
               "empirical covariance (for instance caused by singleton or collapsed samples). "
               "Try to decrease the number of components, increase reg_covar, or scale the "
               "input data.")
FLOAT32_ADVICE = (" The numerical accuracy can also be improved by passing float64 data "
                  "instead of float32.")


# --- the idea: the E-step in textbook form ---------------------------------------------------

def e_step_textbook(X, weights, means, precisions_cholesky, covariance_type):
    """(mean log p(x), log r (N, K)): each density π_k N(x | μ_k, Σ_k) written out, then
    divided by their sum. Far from every component the densities underflow to 0."""
    N, D = X.shape
    L = full_cholesky(precisions_cholesky, covariance_type, len(means), D)   # (K, D, D)
    densities = np.empty((N, len(means)), dtype=X.dtype)
    for k, (pi, mu, L_k) in enumerate(zip(weights, means, L, strict=True)):
        precision = L_k @ L_k.T                                         # Λ = Σ⁻¹
        distance = np.einsum("nd,de,ne->n", X - mu, precision, X - mu)  # (x-μ)ᵀ Λ (x-μ)
        norm = np.sqrt(np.linalg.det(precision) / (2 * np.pi) ** D)    # 1 / sqrt|2π Σ|
        densities[:, k] = pi * norm * np.exp(-0.5 * distance)
    p = densities.sum(axis=1)                                          # p(x_i) (N,)
    with np.errstate(divide="ignore"):
        return np.log(p).mean(), np.log(densities / p[:, None])


def m_step(X, resp, covariance_type, reg_covar):
    """(N_k (K,), μ (K, D), Σ): the responsibility-weighted counts, means and covariances.
    N_k gets 10 eps, so that a component no sample claims does not divide by 0."""
    counts = resp.sum(axis=0) + 10 * np.finfo(resp.dtype).eps          # N_k
    means = resp.T @ X / counts[:, None]                               # (K, D)
    if covariance_type == "full":
        covariances = np.empty((len(means), X.shape[1], X.shape[1]), dtype=X.dtype)
        for k, mu in enumerate(means):
            diff = X - mu                                              # (N, D)
            covariances[k] = (resp[:, k] * diff.T) @ diff / counts[k]
            covariances[k].flat[::X.shape[1] + 1] += reg_covar
    elif covariance_type == "tied":            # (sum_i x_i x_iᵀ - sum_k N_k μ_k μ_kᵀ) / N
        covariances = (X.T @ X - (counts * means.T) @ means) / counts.sum()
        covariances.flat[::X.shape[1] + 1] += reg_covar
    else:                                      # each feature's variance: E[x²] - μ²
        covariances = resp.T @ (X * X) / counts[:, None] - means**2 + reg_covar
        if covariance_type == "spherical":
            covariances = covariances.mean(axis=1)
    return counts, means, covariances


# --- the fast form: the E-step in log space ------------------------------------------------

def full_cholesky(precisions_cholesky, covariance_type, K, D):
    """Every component's L as a (K, D, D) matrix, whatever the covariance type."""
    if covariance_type == "full":
        return precisions_cholesky
    if covariance_type == "tied":
        return np.broadcast_to(precisions_cholesky, (K, D, D))
    diagonal = np.broadcast_to(precisions_cholesky.reshape(K, -1), (K, D))
    return diagonal[:, :, None] * np.eye(D)                            # diag, spherical


def log_gaussian(X, means, precisions_cholesky, covariance_type):
    """log N(x_i | μ_k, Σ_k) (N, K) = -½ (D log 2π + |Lᵀ(x - μ)|²) + log det L."""
    N, D = X.shape
    L = precisions_cholesky
    if covariance_type in ("full", "tied"):
        L = L if covariance_type == "full" else np.broadcast_to(L, (len(means), D, D))
        squared = np.empty((N, len(means)), dtype=X.dtype)
        for k, (mu, L_k) in enumerate(zip(means, L, strict=True)):
            y = X @ L_k - mu @ L_k                                     # Lᵀ(x - μ) (N, D)
            squared[:, k] = (y * y).sum(axis=1)
        log_det = np.log(np.diagonal(L, axis1=1, axis2=2)).sum(axis=1)
    elif covariance_type == "diag":                                    # Λ = L², elementwise
        precisions = L**2                                              # (K, D)
        squared = ((means**2 * precisions).sum(axis=1) - 2 * (X @ (means * precisions).T)
                   + (X**2) @ precisions.T)
        log_det = np.log(L).sum(axis=1)
    else:                                                              # spherical: one λ_k
        precisions = L**2                                              # (K,)
        squared = ((means**2).sum(axis=1) * precisions - 2 * (X @ (means.T * precisions))
                   + np.outer(np.einsum("nd,nd->n", X, X), precisions))
        log_det = D * np.log(L)
    return -0.5 * (D * LOG_2PI + squared) + log_det


def logsumexp(A):
    """log sum_k exp(A_ik) (N,), the largest term taken out so that nothing overflows:
    max + log m + log1p(sum of the other terms' exp(A - max) / m), m the number of terms equal
    to the max. This is scipy's arithmetic, to the bit: starts that reach one optimum have
    bounds equal but for the last bit, and that bit decides which start is kept."""
    largest = A.max(axis=1, keepdims=True)                             # (N, 1)
    is_largest = A == largest                                         # noqa: SIM300
    m = is_largest.sum(axis=1, keepdims=True).astype(A.dtype)
    others = np.where(is_largest, 0.0, np.exp(A - largest)).sum(axis=1, keepdims=True)
    return (np.log1p(others / m) + np.log(m) + largest)[:, 0]


def e_step(X, weights, means, precisions_cholesky, covariance_type):
    """(mean log p(x), log r (N, K)), the E-step in log space."""
    weighted = log_gaussian(X, means, precisions_cholesky, covariance_type) + np.log(weights)
    log_p = logsumexp(weighted)                                        # log p(x_i) (N,)
    return log_p.mean(), weighted - log_p[:, None]


def precision_cholesky(covariances, covariance_type):
    """L with L Lᵀ = Σ⁻¹: the inverse of Σ's lower Cholesky factor, transposed (√(1/σ²) for
    diag and spherical). A Σ that is not positive definite is refused."""
    message = ILL_DEFINED + (FLOAT32_ADVICE if covariances.dtype == np.float32 else "")
    if covariance_type in ("diag", "spherical"):
        if (covariances <= 0).any():
            raise ValueError(message)
        return 1.0 / np.sqrt(covariances)
    stacked = covariances if covariance_type == "full" else covariances[None]
    L = np.empty_like(stacked)
    for k, covariance in enumerate(stacked):
        try:
            lower = np.linalg.cholesky(covariance)                     # Σ = C Cᵀ
        except np.linalg.LinAlgError:
            raise ValueError(message) from None
        L[k] = np.linalg.solve(lower, np.eye(len(lower), dtype=lower.dtype)).T   # C⁻ᵀ
    return L if covariance_type == "full" else L[0]


def precisions_of(precisions_cholesky, covariance_type):
    """Λ = L Lᵀ (L² for diag and spherical)."""
    L = precisions_cholesky
    if covariance_type == "full":
        return L @ L.transpose(0, 2, 1)
    return L @ L.T if covariance_type == "tied" else L**2


class GaussianMixture:
    """A mixture of K Gaussians fitted by EM, with scikit-learn's names.

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

    def _starting_responsibilities(self, X, random_state):
        """r (N, K) of one start, drawn from random_state as scikit-learn draws it."""
        N, K = len(X), self.n_components
        if self.init_params == "random":
            resp = random_state.uniform(size=(N, K)).astype(X.dtype)
            return resp / resp.sum(axis=1)[:, None]
        resp = np.zeros((N, K), dtype=X.dtype)
        if self.init_params == "random_from_data":
            resp[random_state.choice(N, size=K, replace=False), np.arange(K)] = 1
        else:                                                          # k-means' labels
            labels = KMeans(K, n_init=1, random_state=random_state).fit(X).labels_
            resp[np.arange(N), labels] = 1
        return resp

    def _m_step(self, X, resp, start=False):
        counts, self.means_, self.covariances_ = m_step(X, resp, self.covariance_type,
                                                        self.reg_covar)
        # π_k = N_k / N: at a start divided by N itself, after by sum N_k, as scikit-learn
        self.weights_ = counts / (len(X) if start else counts.sum())
        self.precisions_cholesky_ = precision_cholesky(self.covariances_,
                                                       self.covariance_type)

    def _e_step(self, X):
        return e_step(X, self.weights_, self.means_, self.precisions_cholesky_,
                      self.covariance_type)

    def _em(self, X):
        """EM from the current parameters: (bounds after every step, converged)."""
        bounds, bound = [], -np.inf
        for _ in range(self.max_iter):
            previous = bound
            bound, log_resp = self._e_step(X)
            self._m_step(X, np.exp(log_resp))
            bounds.append(bound)
            if abs(bound - previous) < self.tol:
                return bounds, True
        return bounds, False

    def fit_predict(self, X, y=None):
        """Fit by EM from n_init starts, keep the best, and return the component (N,) each
        sample most likely came from; y is ignored."""
        check_hyperparameters(self)
        forget_fit(self)
        X = check_mixture_data(X, self.n_components)
        random_state = np.random.RandomState(self.random_state)
        best = None
        for _ in range(self.n_init):
            self._m_step(X, self._starting_responsibilities(X, random_state), start=True)
            bounds, converged = self._em(X)
            bound = bounds[-1] if bounds else -np.inf
            # the highest bound wins, the first among equals (with max_iter 0: the last start)
            if best is None or bound > best[0] or self.max_iter == 0:
                best = (bound, bounds, converged, self._parameters())
        self.lower_bound_, self.lower_bounds_, self.converged_, parameters = best
        (self.weights_, self.means_, self.covariances_, self.precisions_cholesky_) = parameters
        if not self.converged_ and self.max_iter > 0:
            warnings.warn("Best performing initialization did not converge. Try different "
                          "init parameters, or increase max_iter, tol, or check for "
                          "degenerate data.", ConvergenceWarning, stacklevel=2)
        self.n_iter_ = len(self.lower_bounds_)
        self.precisions_ = precisions_of(self.precisions_cholesky_, self.covariance_type)
        self.n_features_in_ = X.shape[1]
        return self._e_step(X)[1].argmax(axis=1)

    def fit(self, X, y=None):
        """Fit by EM (fit_predict without the labels)."""
        self.fit_predict(X)
        return self

    def _parameters(self):
        return self.weights_, self.means_, self.covariances_, self.precisions_cholesky_

    def _log_densities(self, X):
        """log π_k N(x | μ_k, Σ_k) (N, K) of new samples."""
        check_is_fitted(self, "precisions_")
        X = check_X(X, dtype=self.means_.dtype, n_features=self.n_features_in_)
        return (log_gaussian(X, self.means_, self.precisions_cholesky_, self.covariance_type)
                + np.log(self.weights_))

    def score_samples(self, X):
        """log p(x) (N,) under the mixture."""
        return logsumexp(self._log_densities(X))

    def score(self, X, y=None):
        """The mean log-likelihood of X."""
        return float(self.score_samples(X).mean())

    def predict_proba(self, X):
        """The responsibilities r (N, K)."""
        weighted = self._log_densities(X)
        return np.exp(weighted - logsumexp(weighted)[:, None])

    def predict(self, X):
        """The most responsible component (N,)."""
        return self._log_densities(X).argmax(axis=1)

    def _n_parameters(self):
        """Free parameters: K - 1 weights, K D means and the covariances' entries."""
        K, D = self.means_.shape
        covariance = {"full": K * D * (D + 1) / 2, "tied": D * (D + 1) / 2, "diag": K * D,
                      "spherical": K}[self.covariance_type]
        return int(covariance + K * D + K - 1)

    def bic(self, X):
        """-2 log-likelihood + (free parameters) log N: lower is better."""
        return -2 * self.score(X) * len(X) + self._n_parameters() * math.log(len(X))

    def aic(self, X):
        """-2 log-likelihood + 2 (free parameters): lower is better."""
        return -2 * self.score(X) * len(X) + 2 * self._n_parameters()

