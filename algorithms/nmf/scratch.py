"""Non-negative matrix factorization in NumPy: X ≈ W H with every entry >= 0, by multiplicative
updates.

Shapes: X (N, D) >= 0, k components; W (N, k) the weights of each row, H (k, D) the components
(components_). Non-negativity makes the parts add up, never cancel: faces into noses and eyes,
documents into topics.

    losses     frobenius  F = ½ |X - W H|²_F
               kullback-leibler  F = sum X log(X / WH) - X + WH   (the generalized KL divergence)
    updates    W first, then H; each multiplies by a ratio of two non-negative matrices, the
               negative and positive parts of the loss's gradient, so it stays >= 0 and the
               loss never rises (Lee and Seung):
               frobenius  W <- W (X Hᵀ) / (W H Hᵀ),    H <- H (Wᵀ X) / (Wᵀ W H)
               KL         W <- W ((X / WH) Hᵀ) / (1 Hᵀ),   H <- H (Wᵀ (X / WH)) / (Wᵀ 1)
    penalties  alpha_W |W| and alpha_H |H|, L1 share l1_ratio, scaled by D for W and N for H:
               the L1 part adds to the denominator, the L2 part adds (its weight) x W or H
    start      W, H = |N(0, 1)| sqrt(mean X / k), drawn from RandomState(random_state) in
               scikit-learn's order (H first), so that the two sides start from one point
    stop       every 10 iterations: sqrt(2 F) is the error; stop when it fell less than tol of
               the first error since the last check, or after max_iter iterations
    transform  new rows' W with H held fixed, from W = sqrt(mean X / k) everywhere

Guards, as scikit-learn's: a zero denominator becomes float32's epsilon; under KL, WH below it
is raised to it before X / WH, and H's entries below float64's epsilon become 0.
"""

import warnings

import numpy as np

from algorithms._inputs import ConvergenceWarning, check_is_fitted, check_X
from algorithms._model_checks import check_non_negative
from algorithms._params import (
    SEED,
    Either,
    Integer,
    Optional,
    Options,
    Real,
    check_hyperparameters,
)

EPSILON = np.finfo(np.float32).eps


# --- the idea: one multiplicative step each for W and H ---------------------------------------

def update_W(X, W, H, kl, l1, l2, products=None):
    """W times (the gradient's negative part) / (its positive part), in place; (N, k).
    products: (X Hᵀ, H Hᵀ) computed once, where H stays fixed (transform)."""
    if kl:
        ratio = X / np.maximum(W @ H, EPSILON)                         # X / WH (N, D)
        numerator, denominator = ratio @ H.T, H.sum(axis=1)[None, :]   # (N, k), (1, k)
    else:
        XHt, HHt = (X @ H.T, H @ H.T) if products is None else products  # (N, k), (k, k)
        numerator, denominator = XHt, W @ HHt                          # (N, k)
    W *= numerator / _penalized(denominator, W, l1, l2)
    return W


def update_H(X, W, H, kl, l1, l2):
    """H times (the gradient's negative part) / (its positive part), in place; (k, D)."""
    if kl:
        ratio = X / np.maximum(W @ H, EPSILON)
        W_sum = W.sum(axis=0)
        W_sum[W_sum == 0] = 1.0                         # a component unused by every row
        numerator, denominator = W.T @ ratio, W_sum[:, None]           # (k, D), (k, 1)
    else:
        numerator, denominator = W.T @ X, (W.T @ W) @ H                # (k, D)
    H *= numerator / _penalized(denominator, H, l1, l2)
    if kl:
        H[H < np.finfo(np.float64).eps] = 0.0           # noqa: SIM300 (H: a matrix)
    return H


def _penalized(denominator, factor, l1, l2):
    """The denominator with the penalties' gradients added; a zero becomes float32's eps."""
    denominator = denominator + l1 + l2 * factor
    denominator[denominator == 0] = EPSILON
    return denominator


def divergence(X, W, H, kl):
    """The error sqrt(2 F) of X ≈ W H: F the squared Frobenius distance over 2, or the KL
    divergence over the nonzero entries of X (with WH raised to epsilon)."""
    if not kl:
        residual = (X - W @ H).ravel()
        return np.sqrt(residual @ residual)
    WH = (W @ H).ravel()
    nonzero = X.ravel() > EPSILON
    x, wh = X.ravel()[nonzero], np.maximum(WH[nonzero], EPSILON)
    F = x @ np.log(x / wh) + (W.sum(axis=0) @ H.sum(axis=1) - x.sum())
    return np.sqrt(2 * max(F, 0))


def multiplicative_updates(X, W, H, kl, penalties, max_iter, tol, fit_H=True):
    """(W, H, iterations): W then H updated until the error's fall in the last 10 iterations
    is below tol of the first error (checked every 10), or max_iter; H fixed if not fit_H."""
    l1_W, l1_H, l2_W, l2_H = penalties
    products = None if fit_H or kl else (X @ H.T, H @ H.T)            # H fixed: once
    first = previous = divergence(X, W, H, kl)
    for iteration in range(1, max_iter + 1):
        W = update_W(X, W, H, kl, l1_W, l2_W, products)
        if fit_H:
            H = update_H(X, W, H, kl, l1_H, l2_H)
        if tol > 0 and iteration % 10 == 0:
            error = divergence(X, W, H, kl)
            if (previous - error) / first < tol:
                break
            previous = error
    return W, H, iteration


def random_start(X, k, random_state):
    """(W (N, k), H (k, D)): |N(0, 1)| sqrt(mean X / k), H drawn first, as scikit-learn."""
    scale = np.sqrt(X.mean() / k)
    rng = np.random.RandomState(random_state)
    H = scale * rng.standard_normal(size=(k, X.shape[1])).astype(X.dtype, copy=False)
    W = scale * rng.standard_normal(size=(len(X), k)).astype(X.dtype, copy=False)
    return np.abs(W), np.abs(H)


def _warn_if_stopped_by(iterations, max_iter, tol):
    if iterations == max_iter and tol > 0:
        warnings.warn(f"Maximum number of iterations {max_iter} reached. Increase it to "
                      f"improve convergence.", ConvergenceWarning, stacklevel=3)


class NMF:
    """X ≈ W H with W, H >= 0, by multiplicative updates, with scikit-learn's names.

    Parameters
    ----------
    n_components : None (k = D) or an int k >= 1.
    beta_loss : "frobenius" or "kullback-leibler".
    tol : float >= 0, the relative fall of the error below which the updates stop (0: never
        check).
    max_iter : int >= 1, the most iterations.
    random_state : int, seeds the random start.
    alpha_W : float >= 0, the weight of W's penalty.
    alpha_H : float >= 0 or "same" (alpha_W), the weight of H's.
    l1_ratio : the L1 share of both penalties, in [0, 1].
    """

    hyperparameters = {
        "n_components": Optional(Integer(low=1)),
        "beta_loss": Options("frobenius", "kullback-leibler"),
        "tol": Real(low=0), "max_iter": Integer(low=1), "random_state": SEED,
        "alpha_W": Real(low=0), "alpha_H": Either((Options("same"), Real(low=0))),
        "l1_ratio": Real(low=0, high=1),
    }

    def __init__(self, n_components=None, beta_loss="frobenius", tol=1e-4, max_iter=200,
                 random_state=0, alpha_W=0.0, alpha_H="same", l1_ratio=0.0):
        self.n_components = n_components
        self.beta_loss = beta_loss
        self.tol = tol
        self.max_iter = max_iter
        self.random_state = random_state
        self.alpha_W = alpha_W
        self.alpha_H = alpha_H
        self.l1_ratio = l1_ratio

    def _penalties(self, X):
        """(l1_W, l1_H, l2_W, l2_H): alpha_W scaled by D, alpha_H by N."""
        N, D = X.shape
        alpha_H = self.alpha_W if self.alpha_H == "same" else self.alpha_H
        return (D * self.alpha_W * self.l1_ratio, N * alpha_H * self.l1_ratio,
                D * self.alpha_W * (1 - self.l1_ratio), N * alpha_H * (1 - self.l1_ratio))

    def fit_transform(self, X, y=None):
        """W (N, k); learns components_ H (k, D), n_iter_ and reconstruction_err_."""
        check_hyperparameters(self)
        X = check_non_negative(X)
        k = X.shape[1] if self.n_components is None else self.n_components
        W, H = random_start(X, k, self.random_state)
        kl = self.beta_loss == "kullback-leibler"
        W, H, self.n_iter_ = multiplicative_updates(X, W, H, kl, self._penalties(X),
                                                    self.max_iter, self.tol)
        _warn_if_stopped_by(self.n_iter_, self.max_iter, self.tol)
        self.reconstruction_err_ = divergence(X, W, H, kl)
        self.components_, self.n_components_ = H, k
        self.n_features_in_ = X.shape[1]
        return W

    def fit(self, X, y=None):
        """Learn components_ from X (N, D) >= 0; y is ignored."""
        self.fit_transform(X)
        return self

    def transform(self, X):
        """W (N, k) for new rows, H held fixed."""
        check_is_fitted(self, "components_")
        X = check_non_negative(X, self.n_features_in_)
        W = np.full((len(X), self.n_components_), np.sqrt(X.mean() / self.n_components_),
                    dtype=X.dtype)
        kl = self.beta_loss == "kullback-leibler"
        W, _, iterations = multiplicative_updates(X, W, self.components_, kl,
                                                  self._penalties(X), self.max_iter, self.tol,
                                                  fit_H=False)
        _warn_if_stopped_by(iterations, self.max_iter, self.tol)
        return W

    def inverse_transform(self, W):
        """X_hat (N, D) = W H."""
        check_is_fitted(self, "components_")
        return check_X(W, dtype=self.components_.dtype,
                       n_features=self.n_components_) @ self.components_
