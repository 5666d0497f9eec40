"""t-SNE in NumPy, the exact method: an embedding whose neighbours are the data's neighbours.

Shapes: N samples, D features; the embedding Y (N, d), d = n_components; P and Q (N, N).

    affinities p_j|i = exp(-β_i |x_i - x_j|²) / sum_k≠i exp(-β_i |x_i - x_k|²), each β_i found
               by binary search so that the entropy of row i is log(perplexity): every point
               gets about `perplexity` neighbours, in dense regions and sparse ones alike
    joint      P = (P_cond + P_condᵀ) / sum, symmetric, summing to 1
    embedding  q_ij = w_ij / sum_k≠l w_kl,  w_ij = (1 + |y_i - y_j|² / α)^(-(α+1)/2), a Student
               t with α = max(d - 1, 1) degrees of freedom: heavy tails let moderately far
               points sit far apart in the plane
    loss       KL(P || Q) = sum_i≠j p_ij log(p_ij / q_ij)
    gradient   dKL/dy_i = (2(α+1)/α) sum_j (p_ij - q_ij) (1 + |y_i - y_j|²/α)⁻¹ (y_i - y_j);
               at d <= 2 (α = 1) the bracket is w_ij: 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j).
               scikit-learn, and this file for parity, use w_ij at every d: exact for d <= 2,
               an approximation of the gradient beyond
    descent    update = momentum update - lr gains grad, y += update; a coordinate's gain grows
               by 0.2 while its step and gradient differ in sign, shrinks x0.8 once they agree
               (at least 0.01)
    schedule   250 iterations on P x early_exaggeration with momentum 0.5 (clusters form), then
               P itself with momentum 0.8 up to max_iter; every 50th iteration the KL is
               computed, and descent stops once the gradient's norm is <= min_grad_norm or the
               KL has not improved for n_iter_without_progress iterations
    start      "random": 1e-4 N(0, 1), or "pca": the first d principal components scaled to a
               standard deviation of 1e-4 along the first, or a given (N, d) array
    rate       "auto": max(N / early_exaggeration / 4, 50)

The file opens with the binary search as the textbook states it, one row at a time; the fast
form searches every row at once. The arithmetic follows scikit-learn's, precision included:
squared distances in float32 for the search, P in float64, the embedding in float32 with the
gradient's sums in float64, pairs in scipy's condensed order. Descent amplifies differences
(a gain grows or shrinks on the sign of a product near 0), so both sides must step alike.
"""

import functools

import numpy as np

from algorithms._inputs import forget_fit
from algorithms._model_checks import check_start, check_tsne_data
from algorithms._params import SEED, AnArray, Either, Integer, Options, Real, check_hyperparameters
from algorithms.kmeans.scratch import squared_distances
from algorithms.pca.scratch import PCA

MACHINE_EPSILON = np.finfo(np.double).eps
PERPLEXITY_TOLERANCE = 1e-5        # |entropy - log(perplexity)| that ends a row's search
STEPS = 100                        # a row's search stops after this many halvings at most
EXPLORATION = 250                  # iterations with early exaggeration
CHECK_EVERY = 50                   # iterations between KL checks


# --- the idea: the binary search for each row's precision β_i --------------------------------

def conditional_probabilities_by_row(distances, perplexity):
    """P_cond (N, N): row i is exp(-β_i d_ij) normalized, β_i doubled or halved (then
    bisected) until the row's entropy H = log sum + β E[d] is log(perplexity) to 1e-5."""
    N = len(distances)                                    # squared, float32, 0 on the diagonal
    P = np.zeros((N, N))
    for i, d in enumerate(distances.astype(np.float64)):
        others = np.arange(N) != i
        beta, low, high = 1.0, -np.inf, np.inf
        for _ in range(STEPS):
            P[i, others] = np.exp(-d[others] * beta)
            total = P[i].sum() or 1e-8                                 # 0 only if all underflow
            P[i] /= total
            entropy = np.log(total) + beta * (d @ P[i])                # H of row i, in nats
            if abs(entropy - np.log(perplexity)) <= PERPLEXITY_TOLERANCE:
                break
            if entropy > np.log(perplexity):                           # too flat: sharpen
                low, beta = beta, beta * 2 if high == np.inf else (beta + high) / 2
            else:                                                      # too sharp: flatten
                high, beta = beta, beta / 2 if low == -np.inf else (beta + low) / 2
    return P


# --- the fast form: every row searched at once -----------------------------------------------

def conditional_probabilities(distances, perplexity):
    """conditional_probabilities_by_row for all rows together: each row keeps its own β and
    bracket, and stops moving once its entropy is close enough. The sums run in the rows'
    order (cumulative sums), as the row-at-a-time search adds."""
    N = len(distances)
    d = distances.astype(np.float64)                                   # (N, N)
    off_diagonal = ~np.eye(N, dtype=bool)
    beta, low, high = np.ones(N), np.full(N, -np.inf), np.full(N, np.inf)
    searching = np.ones(N, dtype=bool)
    P = np.zeros((N, N))
    target = np.log(perplexity)
    for _ in range(STEPS):
        rows = np.flatnonzero(searching)
        P_rows = np.where(off_diagonal[rows], np.exp(-d[rows] * beta[rows, None]), 0.0)
        total = np.cumsum(P_rows, axis=1)[:, -1]                       # in order, as by row
        total[total == 0] = 1e-8
        P_rows /= total[:, None]
        mean_distance = np.cumsum(d[rows] * P_rows, axis=1)[:, -1]
        entropy = np.log(total) + beta[rows] * mean_distance
        P[rows] = P_rows
        done = np.abs(entropy - target) <= PERPLEXITY_TOLERANCE
        flat = ~done & (entropy > target)                              # sharpen: raise β
        sharp = ~done & ~(entropy > target)                            # flatten: lower β
        b, lo, hi = beta[rows], low[rows], high[rows]
        lo = np.where(flat, b, lo)
        hi = np.where(sharp, b, hi)
        b = np.where(flat, np.where(hi == np.inf, b * 2, (b + hi) / 2), b)
        b = np.where(sharp, np.where(lo == -np.inf, b / 2, (b + lo) / 2), b)
        beta[rows], low[rows], high[rows] = b, lo, hi
        searching[rows[done]] = False
        if not searching.any():
            break
    return P


# --- P, Q, the KL divergence and its gradient ------------------------------------------------

def joint_probabilities(distances, perplexity):
    """P in condensed form (N (N-1) / 2,), the pairs i < j row by row: the symmetrized
    conditional probabilities over their total, at least machine epsilon."""
    conditional = conditional_probabilities(distances.astype(np.float32), perplexity)
    P = conditional + conditional.T
    total = np.maximum(np.sum(P), MACHINE_EPSILON)
    return np.maximum(P[pairs(len(P))[2]] / total, MACHINE_EPSILON)


@functools.lru_cache(maxsize=4)
def pairs(N):
    """The pairs i < j of N points, row by row (scipy's condensed order): (i, j) and the mask
    of the upper triangle, computed once per N (every iteration asks)."""
    upper = np.triu(np.ones((N, N), dtype=bool), 1)
    i, j = np.nonzero(upper)
    return i, j, upper


def square(condensed, N):
    """The symmetric (N, N) matrix of a condensed vector, 0 on the diagonal."""
    full = np.zeros((N, N), dtype=condensed.dtype)
    full[pairs(N)[2]] = condensed                                      # the pairs i < j
    full += full.T                                                     # and j > i
    return full


def kl_divergence(Y, P, alpha, compute_error=True):
    """(KL(P || Q) or NaN, dKL/dY (N, d)) for the embedding Y (N, d) float32 and condensed P."""
    N = len(Y)
    i, j, _ = pairs(N)
    Y64 = Y.astype(np.float64)
    w = sum((Y64[i, k] - Y64[j, k]) ** 2 for k in range(Y.shape[1]))  # |y_i - y_j|² (pairs,)
    w /= alpha
    w += 1.0
    w **= (alpha + 1.0) / -2.0                                         # (1 + |.|²/α)^-(α+1)/2
    Q = np.maximum(w / (2.0 * np.sum(w)), MACHINE_EPSILON)             # each pair counts twice
    kl = 2.0 * np.dot(P, np.log(np.maximum(P, MACHINE_EPSILON) / Q)) if compute_error else np.nan
    weights = square((P - Q) * w, N)                                   # (p_ij - q_ij) w_ij
    grad = np.empty_like(Y)
    for row in range(N):                                               # sum_j ... (y_i - y_j)
        grad[row] = np.dot(weights[row], Y[row] - Y)
    grad *= 2.0 * (alpha + 1.0) / alpha
    return kl, grad


def gradient_descent(Y, P, alpha, first, last, momentum, learning_rate, without_progress,
                     min_grad_norm, divergences):
    """Iterations first..last-1 of descent with momentum and gains from Y (N, d):
    (Y, the last KL, the last iteration). Each KL computed is appended to divergences."""
    Y = Y.copy()
    update, gains = np.zeros_like(Y), np.ones_like(Y)
    kl = best_kl = np.finfo(float).max
    best_iteration = iteration = first
    for iteration in range(first, last):
        check = (iteration + 1) % CHECK_EVERY == 0
        kl, grad = kl_divergence(Y, P, alpha, compute_error=check or iteration == last - 1)
        if check or iteration == last - 1:
            divergences.append(kl)
        growing = update * grad < 0.0                                  # step and gradient differ
        gains[growing] += 0.2
        gains[~growing] *= 0.8
        np.clip(gains, 0.01, np.inf, out=gains)
        grad *= gains
        update = momentum * update - learning_rate * grad
        Y += update
        if check:
            if kl < best_kl:
                best_kl, best_iteration = kl, iteration
            elif iteration - best_iteration > without_progress:
                break
            if np.linalg.norm(grad) <= min_grad_norm:
                break
    return Y, kl, iteration


class TSNE:
    """Exact t-SNE with scikit-learn's names (its method="exact").

    Parameters
    ----------
    n_components : int >= 1, the embedding's dimension d.
    perplexity : float > 0, below N: about how many neighbours each point keeps.
    early_exaggeration : float >= 1, P's factor during the first 250 iterations.
    learning_rate : "auto" or a float > 0.
    max_iter : int >= 250, iterations in all.
    n_iter_without_progress : int >= -1, checks without a better KL before stopping.
    min_grad_norm : float >= 0, the gradient norm that ends the descent.
    init : "pca", "random" or an (N, d) array, the starting embedding. "pca" follows
        scikit-learn's PCA solver, but for data where it would take a randomized SVD (over
        500 samples and fewer than 10 per feature, or over 1000 features): the full SVD here.
    random_state : int, seeds the random start.
    """

    hyperparameters = {
        "n_components": Integer(low=1), "perplexity": Real(low=0, low_open=True),
        "early_exaggeration": Real(low=1),
        "learning_rate": Either((Options("auto"), Real(low=0, low_open=True))),
        "max_iter": Integer(low=EXPLORATION), "n_iter_without_progress": Integer(low=-1),
        "min_grad_norm": Real(low=0), "init": Either((Options("pca", "random"), AnArray())),
        "random_state": SEED,
    }

    def __init__(self, n_components=2, perplexity=30.0, early_exaggeration=12.0,
                 learning_rate="auto", max_iter=1000, n_iter_without_progress=300,
                 min_grad_norm=1e-7, init="pca", random_state=0):
        self.n_components = n_components
        self.perplexity = perplexity
        self.early_exaggeration = early_exaggeration
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.n_iter_without_progress = n_iter_without_progress
        self.min_grad_norm = min_grad_norm
        self.init = init
        self.random_state = random_state

    def _start(self, X):
        """The starting embedding (N, d) float32."""
        N, D = X.shape
        if not isinstance(self.init, str):
            return check_start(self.init, N, self.n_components)
        if self.init == "random":
            rng = np.random.RandomState(self.random_state)
            return 1e-4 * rng.standard_normal(size=(N, self.n_components)).astype(np.float32)
        # scikit-learn's PCA picks its solver: the covariance's eigenvectors for N >= 10 D
        # (D <= 1000), else the full SVD; where it would take a randomized SVD (over 500
        # samples but fewer than 10 D, or D > 1000), the full one here: a start a few float32
        # ulps away, which descent amplifies (the class docstring says so)
        solver = "covariance_eigh" if D <= 1000 and N >= 10 * D else "full"
        Y = PCA(self.n_components, svd_solver=solver).fit(X).transform(X).astype(np.float32)
        return Y / np.std(Y[:, 0]) * 1e-4

    def fit_transform(self, X, y=None):
        """The embedding (N, d) of X (N, D); y is ignored. As scikit-learn: n_iter_ is the
        last iteration's index, and with max_iter = 250 (no iteration after the exaggerated
        ones) kl_divergence_ is float64's largest value, the descent's starting sentinel."""
        check_hyperparameters(self)
        forget_fit(self)
        X = check_tsne_data(X, self.perplexity, self.n_components, self.init)
        N = len(X)
        self.learning_rate_ = (np.maximum(N / self.early_exaggeration / 4, 50)
                               if self.learning_rate == "auto" else self.learning_rate)
        distances = squared_distances(X, X)
        np.fill_diagonal(distances, 0)
        P = joint_probabilities(distances, self.perplexity)
        alpha = max(self.n_components - 1, 1)                          # degrees of freedom
        self.kl_divergences_ = []
        P = P * self.early_exaggeration                                # clusters form first
        Y, _, iteration = gradient_descent(
            self._start(X), P, alpha, first=0, last=EXPLORATION, momentum=0.5,
            learning_rate=self.learning_rate_, without_progress=EXPLORATION,
            min_grad_norm=self.min_grad_norm, divergences=self.kl_divergences_)
        P = P / self.early_exaggeration            # divided back, as scikit-learn does in place:
        Y, kl, iteration = gradient_descent(       # P * e / e keeps the rounding of both
            Y, P, alpha, first=iteration + 1, last=self.max_iter, momentum=0.8,
            learning_rate=self.learning_rate_, without_progress=self.n_iter_without_progress,
            min_grad_norm=self.min_grad_norm, divergences=self.kl_divergences_)
        self.kl_divergences_ = np.array(self.kl_divergences_)
        self.joint_probabilities_ = square(P, N)
        self.embedding_, self.kl_divergence_, self.n_iter_ = Y, kl, iteration
        self.n_features_in_ = X.shape[1]
        return Y

    def fit(self, X, y=None):
        """Embed X (fit_transform without the answer)."""
        self.fit_transform(X)
        return self

