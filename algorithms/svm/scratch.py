"""Support vector machines in NumPy: the kernel SVM's dual solved by SMO as libsvm solves it,
and a linear SVM trained in the primal by stochastic subgradient steps on the hinge loss.

Shapes: N samples, D features, K classes, S support vectors; two classes carry y_i = +1 / -1.

The soft-margin SVM (SVC):
    primal     min_{w, b} 1/2 |w|^2 + C sum_i max(0, 1 - y_i (w . phi(x_i) + b))
    dual       min_a 1/2 a^T Q a - 1^T a  subject to  0 <= a_i <= C,  y^T a = 0,
               Q_ij = y_i y_j k(x_i, x_j)  (N, N)
    decision   f(x) = sum_i y_i a_i k(x_i, x) - rho; the support vectors are the a_i > 0
    kernels    linear x.z;  poly (gamma x.z + coef0)^degree;  rbf exp(-gamma |x - z|^2);
               sigmoid tanh(gamma x.z + coef0)

SMO (sequential minimal optimization; Fan, Chen and Lin 2005, libsvm's solver) keeps the
gradient G = Q a - 1 and moves two coefficients at a time, the smallest move that keeps
y^T a = 0:
    KKT        I_up = {t: y_t = +1, a_t < C} or {y_t = -1, a_t > 0} (a_t can move along y_t),
               I_low the mirror; a is optimal when m - M < tol, m = max_{I_up} -y_t G_t and
               M = min_{I_low} -y_t G_t (no pair can still lower the objective by much)
    choose     i attains m (the most violating); j in I_low with -y_j G_j < m minimizes
               -(m + y_j G_j)^2 / (k_ii + k_jj - 2 k_ij), the decrease of a Newton step
    step       the one-variable optimum along the line that keeps y_i a_i + y_j a_j, clipped to
               the box [0, C_i] x [0, C_j]
    update     G += Q[:, i] da_i + Q[:, j] da_j  (O(N) per step, no matrix product)
    rho        the mean of y_t G_t over the free coefficients (0 < a_t < C); with none, the
               middle of the interval the bounded ones allow
K classes: one SVM for each pair of classes (one-vs-one, K(K - 1)/2 of them) and a vote.

Replayed from libsvm, so that the fitted attributes agree to the last bit rather than to tol
(the decision values to NumPy's exp and tanh, whose last bit is not always the C library's):
the classes
sorted, each pair's problem ordering class i's samples (y = +1) before class j's (-1); ties in
the choice of i and j going to the last index (libsvm compares with >= and <=); the rows of Q
stored in float32 (libsvm's kernel cache) and its diagonal in float64; kernel values summed over
the features in order; during training the RBF kernel as exp(-gamma (|x|^2 + |z|^2 - 2 x.z)),
in prediction as exp(-gamma |x - z|^2). The framework side turns libsvm's shrinking off: it
sets aside the coefficients that look settled, which changes the steps and so where, within
tol, the solver stops. A sample weight w_i makes its box [0, w_i C]; a sample of weight 0 is
left out, as libsvm leaves it (support_ still indexes X, where scikit-learn's own would count
only the samples kept).

scikit-learn's conventions: dual_coef_ (K - 1, S) holds y_i a_i, row by row as libsvm's
one-vs-one layout stores them; intercept_ = -rho; for two classes the signs of dual_coef_,
intercept_ and the decision function are flipped, so that f > 0 means classes_[1].

The primal linear SVM (LinearSVM: scikit-learn's SGDClassifier(loss="hinge")), per sample in
order, t = 1, 2, ...:
    eta_t      1 / (alpha (t0 + t - 1)), t0 = 1 / (alpha^(-1/4) alpha)   ("optimal")
    step       m = y (w.x + b), then w <- max(0, 1 - eta_t alpha) w and, if m <= 1,
               w <- w + eta_t y x, b <- b + eta_t y
               (the subgradient of alpha/2 |w|^2 + max(0, 1 - y f(x)))
    stop       after an epoch whose mean objective has not fallen by tol below the best so far,
               n_iter_no_change times in a row; K classes: one-vs-rest
"""

import math
import warnings

import numpy as np

from algorithms._inputs import (
    ConvergenceWarning,
    check_is_fitted,
    check_X,
    forget_fit,
)
from algorithms._model_checks import check_break_ties, check_svm_data
from algorithms._params import (
    Either,
    Flag,
    Integer,
    NoneValue,
    Options,
    Real,
    check_hyperparameters,
)

TAU = 1e-12                     # libsvm's stand-in for a curvature that is not positive


# --- the idea: the kernel, k(x, z) for every pair of rows -----------------------------------

def kernel_textbook(X, Z, kernel, gamma, coef0, degree):
    """k(x_n, z_m) (N, M), as the formulas read."""
    if kernel == "rbf":
        squared = ((X[:, None, :] - Z[None, :, :]) ** 2).sum(axis=2)   # |x - z|^2 (N, M)
        return np.exp(-gamma * squared)
    inner = X @ Z.T                                                    # x.z (N, M)
    if kernel == "linear":
        return inner
    if kernel == "poly":
        return (gamma * inner + coef0) ** degree
    return np.tanh(gamma * inner + coef0)


# --- the fast form: libsvm's arithmetic, the same values summed feature by feature ---------
# A C loop adds x_d z_d for d = 0, 1, ... one at a time, where a matrix product adds in blocks;
# the two differ in the last bit, and a last bit is enough to change which pair SMO picks.

def feature_sum(term, X, Z):
    """sum_d term(x_nd, z_md) (N, M), added in the order d = 0, 1, ..., D - 1."""
    total = np.zeros((len(X), len(Z)))
    for d in range(X.shape[1]):
        total += term(X[:, d, None], Z[None, :, d])
    return total


def powi(base, degree):
    """base^degree by repeated squaring, libsvm's powi (np.power rounds otherwise)."""
    result, square = np.ones_like(base), base
    while degree > 0:
        if degree % 2 == 1:
            result = result * square
        square = square * square
        degree //= 2
    return result


def kernel_values(X, Z, kernel, gamma, coef0, degree):
    """k(x_n, z_m) (N, M) as libsvm's k_function computes it (prediction)."""
    if kernel == "rbf":
        return in_row_blocks(lambda rows: np.exp(-gamma * feature_sum(
            lambda x, z: (x - z) * (x - z), rows, Z)), X)
    inner = in_row_blocks(lambda rows: feature_sum(np.multiply, rows, Z), X)
    if kernel == "linear":
        return inner
    if kernel == "poly":
        return powi(gamma * inner + coef0, degree)
    return np.tanh(gamma * inner + coef0)


def gram(X, Z, kernel, gamma, coef0, degree):
    """k(x_n, z_m) (N, M) as libsvm's training kernel computes it: the RBF from the squared
    norms, exp(-gamma (|x|^2 + |z|^2 - 2 x.z))."""
    if kernel != "rbf":
        return kernel_values(X, Z, kernel, gamma, coef0, degree)
    z_squares = squares(Z)                                             # (M,)
    return in_row_blocks(lambda rows: np.exp(-gamma * (
        squares(rows)[:, None] + z_squares[None, :] - 2 * feature_sum(np.multiply, rows, Z))),
        X)


def in_row_blocks(kernel_rows, X, rows=64):
    """kernel_rows(X) (N, M), computed for 64 rows of X at a time: each block's D running sums
    stay in the cache, where whole (N, M) arrays would stream through memory D times."""
    return np.concatenate([kernel_rows(X[start:start + rows])
                           for start in range(0, len(X), rows)])


def squares(X):
    """|x_n|^2 (N,), summed in feature order."""
    return (X * X).cumsum(axis=1)[:, -1]


def diagonal(X, kernel, gamma, coef0, degree):
    """k(x_n, x_n) (N,) in float64, as libsvm keeps it (tanh from the C library, whose last bit
    NumPy's vectorized tanh does not always share; the RBF's diagonal is exactly 1)."""
    inner = squares(X)                                                 # x.x (N,)
    if kernel == "rbf":
        return np.exp(-gamma * (inner + inner - 2 * inner))            # exactly 1
    if kernel == "linear":
        return inner
    if kernel == "poly":
        return powi(gamma * inner + coef0, degree)
    return np.array([math.tanh(value) for value in gamma * inner + coef0])


# --- SMO on one two-class problem ------------------------------------------------------------

def last_argmax(values):
    """The last index of the largest value (libsvm's >= scan)."""
    return len(values) - 1 - int(np.argmax(values[::-1]))


def step(a_i, a_j, G_i, G_j, same_class, quad, C_i, C_j):
    """The optimum of the objective along the line that keeps y_i a_i + y_j a_j, clipped to
    the box 0 <= a <= C: libsvm's two cases, written as it writes them (Python floats are
    IEEE doubles, so every rounding is libsvm's). quad = k_ii + k_jj - 2 k_ij (TAU if <= 0)."""
    if not same_class:                                                 # a_i - a_j stays fixed
        delta = (-G_i - G_j) / quad
        diff = a_i - a_j
        a_i, a_j = a_i + delta, a_j + delta
        if diff > 0 and a_j < 0:
            a_i, a_j = diff, 0.0
        elif diff <= 0 and a_i < 0:
            a_i, a_j = 0.0, -diff
        if diff > C_i - C_j and a_i > C_i:
            a_i, a_j = C_i, C_i - diff
        elif diff <= C_i - C_j and a_j > C_j:
            a_i, a_j = C_j + diff, C_j
    else:                                                              # a_i + a_j stays fixed
        delta = (G_i - G_j) / quad
        total = a_i + a_j
        a_i, a_j = a_i - delta, a_j + delta
        if total > C_i and a_i > C_i:
            a_i, a_j = C_i, total - C_i
        elif total <= C_i and a_j < 0:
            a_i, a_j = total, 0.0
        if total > C_j and a_j > C_j:
            a_i, a_j = total - C_j, C_j
        elif total <= C_j and a_i < 0:
            a_i, a_j = 0.0, total
    return a_i, a_j


def smo(kernel, QD, y, C, tol, max_iter):
    """Solve min 1/2 a^T Q a - 1^T a, 0 <= a <= C, y^T a = 0 with Q_ij = y_i y_j k_ij (of
    which only the two rows a step needs are formed), over one pair of classes' n samples.

    kernel (n, n): k_ij as libsvm caches it (float32 values, held in float64); QD (n,) the
    diagonal k_ii in float64; y (n,) +1 / -1; C (n,) each sample's box. Returns (y * a (n,),
    rho, the number of steps, whether max_iter stopped it)."""
    n = len(y)
    alpha, G = np.zeros(n), -np.ones(n)                                # a = 0: G = Q a - 1
    positive = y > 0
    steps = 0
    while True:
        if max_iter != -1 and steps >= max_iter:
            return alpha * y, rho(alpha, G, y, C), steps, True
        free_up, free_down = alpha < C, alpha > 0                      # may grow, may shrink
        up = np.where(positive, free_up, free_down)                    # I_up: a_t y_t may grow
        low = np.where(positive, free_down, free_up)                   # I_low: it may fall
        score = -y * G                                                 # -y_t G_t (n,)
        if not up.any():
            break
        i = last_argmax(np.where(up, score, -np.inf))
        m = score[i]
        violation = m - score                                          # m + y_j G_j (n,)
        lowest = np.where(low, -score, -np.inf).max()                  # -M = max y_j G_j
        quad = (QD[i] + QD) - 2.0 * kernel[i]                          # k_ii + k_jj - 2 k_ij
        quad = np.where(quad > 0, quad, TAU)
        decrease = -(violation * violation) / quad                     # Newton step's gain
        candidates = low & (violation > 0)
        if m + lowest < tol or not candidates.any():                   # KKT to within tol
            break
        j = last_argmax(np.where(candidates, -decrease, -np.inf))      # <= scan: the last min
        steps += 1
        a_i, a_j = step(alpha[i], alpha[j], G[i], G[j], y[i] == y[j], quad[j], C[i], C[j])
        delta_i, delta_j = a_i - alpha[i], a_j - alpha[j]
        alpha[i], alpha[j] = a_i, a_j
        Q_i, Q_j = y[i] * y * kernel[i], y[j] * y * kernel[j]          # Q's rows i and j
        G += Q_i * delta_i + Q_j * delta_j                             # Q symmetric: columns
    return alpha * y, rho(alpha, G, y, C), steps, False


def rho(alpha, G, y, C):
    """The offset: the mean of y_t G_t over the free a_t (summed in order, as libsvm sums), or
    the middle of [max over bounded a_t that cap it from below, min over those from above]."""
    yG = y * G
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return yG[free].cumsum()[-1] / free.sum()
    at_upper = alpha >= C
    caps_above = np.where(at_upper, y < 0, y > 0)                      # rho <= y_t G_t
    upper = yG[caps_above].min() if caps_above.any() else np.inf
    lower = yG[~caps_above].max() if (~caps_above).any() else -np.inf
    return (upper + lower) / 2


class SVC:
    """The kernel SVM for classification, with scikit-learn's names (SVC).

    Parameters
    ----------
    C : float > 0, the price of a margin violation (the box 0 <= a_i <= C).
    kernel : "linear", "poly", "rbf" or "sigmoid".
    degree : int >= 0, the polynomial kernel's degree.
    gamma : "scale" (1 / (D Var(X))), "auto" (1 / D) or a float >= 0.
    coef0 : float, the constant of the polynomial and sigmoid kernels.
    tol : float > 0, SMO stops when m - M < tol.
    max_iter : int >= -1, the most SMO steps per pair of classes (-1: no limit).
    decision_function_shape : "ovr" (a score per class, from the pairs' votes) or "ovo"
        (a score per pair of classes).
    break_ties : bool, with "ovr" and K > 2: predict the largest score rather than the first
        class with the most votes.
    """

    hyperparameters = {"C": Real(low=0, low_open=True),
                       "kernel": Options("linear", "poly", "rbf", "sigmoid"),
                       "degree": Integer(low=0),
                       "gamma": Either((Options("scale", "auto"), Real(low=0))),
                       "coef0": Real(), "tol": Real(low=0, low_open=True),
                       "max_iter": Integer(low=-1),
                       "decision_function_shape": Options("ovo", "ovr"),
                       "break_ties": Flag()}

    def __init__(self, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3,
                 max_iter=-1, decision_function_shape="ovr", break_ties=False):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties

    def fit(self, X, y, sample_weight=None):
        """Solve one SVM per pair of classes on X (N, D) and labels y (N,), sample i's box
        scaled by sample_weight[i] (default 1; weight 0 leaves the sample out).

        Learns support_ (S,) (indices into X, grouped by class), support_vectors_ (S, D),
        n_support_ (K,), dual_coef_ (K - 1, S), intercept_ (K(K - 1)/2,), n_iter_ (one count
        of SMO steps per pair) and fit_status_ (1 if max_iter stopped a solver)."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y, weights, classes, labels = check_svm_data(X, y, sample_weight)
        check_break_ties(self.break_ties, self.decision_function_shape)
        if isinstance(self.gamma, str):
            variance = X.var()
            gamma = (1.0 / X.shape[1] if self.gamma == "auto"
                     else 1.0 / (X.shape[1] * variance) if variance != 0 else 1.0)
        else:
            gamma = float(self.gamma)
        kernel = {"kernel": self.kernel, "gamma": gamma, "coef0": self.coef0,
                  "degree": self.degree}
        # libsvm's order: the samples of positive weight, grouped by class, in order within
        kept = np.flatnonzero(weights > 0)
        order = kept[np.argsort(labels[kept], kind="stable")]          # (n,)
        X_sorted, labels = X[order], labels[order]
        with np.errstate(over="ignore", invalid="ignore"):             # refused below
            kernel_matrix = gram(X_sorted, X_sorted, **kernel)         # (n, n)
            kernel_matrix = kernel_matrix.astype(np.float32).astype(np.float64)  # libsvm's cache
            QD = diagonal(X_sorted, **kernel)                          # (n,)
            box = weights[order] * self.C                              # (n,)
            n_classes = len(classes)
            coefs, rhos, steps, stopped = {}, [], [], False
            nonzero = np.zeros(len(order), dtype=bool)
            for first in range(n_classes):
                for second in range(first + 1, n_classes):
                    pair = np.flatnonzero((labels == first) | (labels == second))  # (n_pair,)
                    y_pair = np.where(labels[pair] == first, 1.0, -1.0)
                    kernel_pair = (kernel_matrix if len(pair) == len(order)
                                   else kernel_matrix[np.ix_(pair, pair)])   # (n_pair, n_pair)
                    coef, offset, count, hit_limit = smo(kernel_pair, QD[pair], y_pair,
                                                         box[pair], self.tol, self.max_iter)
                    coefs[first, second] = (pair, coef)
                    nonzero[pair] |= coef != 0
                    rhos.append(offset)
                    steps.append(count)
                    stopped |= hit_limit
        # scikit-learn's layout: support vectors grouped by class; the coefficient of class
        # c's vectors in the pair (c, other) sits in row other - 1 if c < other, else row other
        support = np.flatnonzero(nonzero)                              # (S,) into order
        column = np.full(len(order), -1)                               # sample -> its column
        column[support] = np.arange(len(support))
        dual_coef = np.zeros((n_classes - 1, len(support)))            # (K - 1, S)
        for (first, second), (pair, coef) in coefs.items():
            mine = nonzero[pair]
            rows = np.where(labels[pair] == first, second - 1, first)
            dual_coef[rows[mine], column[pair[mine]]] = coef[mine]
        intercept = -np.array(rhos)                                    # (K(K - 1)/2,)
        intercept[intercept == 0] = 0.0                                # no -0.0
        if not (np.isfinite(dual_coef).all() and np.isfinite(intercept).all()):
            raise ValueError("The dual coefficients or intercepts are not finite. The input "
                             "data may contain large values and need to be preprocessed.")
        self._fitted_kernel = kernel                                   # what predict uses
        self._dual_coef, self._intercept = dual_coef, intercept       # libsvm's signs
        self.classes_, self.n_features_in_, self.shape_fit_ = classes, X.shape[1], X.shape
        self.support_ = order[support]
        self.support_vectors_ = X[self.support_]
        self.n_support_ = np.bincount(labels[support], minlength=n_classes).astype(np.int32)
        self.n_iter_ = np.array(steps, dtype=np.int32)
        self.fit_status_ = int(stopped)
        flip = -1.0 if n_classes == 2 else 1.0                          # f > 0: classes_[1]
        self.dual_coef_, self.intercept_ = flip * dual_coef, flip * intercept
        if stopped:
            warnings.warn(f"Solver terminated early (max_iter={self.max_iter}).  Consider "
                          f"pre-processing your data with StandardScaler or MinMaxScaler.",
                          ConvergenceWarning, stacklevel=2)
        return self

    @property
    def coef_(self):
        """w = sum_i y_i a_i x_i per pair of classes (K(K - 1)/2, D), read-only: a fit with the
        linear kernel only."""
        check_is_fitted(self, "support_")
        if self._fitted_kernel["kernel"] != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        if len(self.classes_) == 2:
            coef = self.dual_coef_ @ self.support_vectors_             # (1, D)
        else:
            starts = np.concatenate([[0], np.cumsum(self.n_support_)])
            rows = []
            for first, second in self._pairs():
                mine = slice(starts[first], starts[first + 1])
                theirs = slice(starts[second], starts[second + 1])
                rows.append(self.dual_coef_[second - 1, mine] @ self.support_vectors_[mine]
                            + self.dual_coef_[first, theirs] @ self.support_vectors_[theirs])
            coef = np.array(rows)
        coef.flags.writeable = False
        return coef

    def _checked(self, X):
        check_is_fitted(self, "support_")
        return check_X(X, dtype=np.float64, n_features=self.n_features_in_)

    def _pairwise(self, X):
        """libsvm's decision values f_p (N, K(K - 1)/2), > 0 for the pair's first class: each
        sum_s y_s a_s k(x, x_s) added in order, first class's vectors then the second's."""
        kernel = kernel_values(X, self.support_vectors_, **self._fitted_kernel)  # (N, S)
        starts = np.concatenate([[0], np.cumsum(self.n_support_)])
        values = []
        for p, (first, second) in enumerate(self._pairs()):
            mine = np.arange(starts[first], starts[first + 1])
            theirs = np.arange(starts[second], starts[second + 1])
            terms = np.concatenate([self._dual_coef[second - 1, mine] * kernel[:, mine],
                                    self._dual_coef[first, theirs] * kernel[:, theirs]], axis=1)
            total = terms.cumsum(axis=1)[:, -1] if terms.shape[1] else np.zeros(len(X))
            values.append(total + self._intercept[p])                  # - rho
        return np.stack(values, axis=1)                                # (N, K(K - 1)/2)

    def _pairs(self):
        """The pairs of classes (first, second), in libsvm's order."""
        n_classes = len(self.classes_)
        return [(first, second) for first in range(n_classes)
                for second in range(first + 1, n_classes)]

    def decision_function(self, X):
        """Two classes: f (N,), > 0 for classes_[1]. K classes: "ovo" the pairs' values
        (N, K(K - 1)/2); "ovr" (N, K) each class's votes plus its summed confidence squashed
        into (-1/3, 1/3), so that it breaks ties between votes without overturning them."""
        with np.errstate(over="ignore", invalid="ignore"):             # as libsvm: inf, NaN
            values = self._pairwise(self._checked(X))
        if len(self.classes_) == 2:
            return -values[:, 0]
        if self.decision_function_shape == "ovo":
            return values
        votes = np.zeros((len(values), len(self.classes_)))             # (N, K)
        confidence = np.zeros((len(values), len(self.classes_)))       # (N, K)
        for p, (first, second) in enumerate(self._pairs()):
            confidence[:, first] += values[:, p]
            confidence[:, second] -= values[:, p]
            votes[:, first] += values[:, p] >= 0                       # scikit-learn's ovr
            votes[:, second] += values[:, p] < 0
        return votes + confidence / (3 * (np.abs(confidence) + 1))

    def predict(self, X):
        """The class (N,) with the most one-vs-one votes (ties: the first such class)."""
        check_break_ties(self.break_ties, self.decision_function_shape)
        X = self._checked(X)
        if self.break_ties and len(self.classes_) > 2:
            return self.classes_[self.decision_function(X).argmax(axis=1)]
        with np.errstate(over="ignore", invalid="ignore"):
            values = self._pairwise(X)                                 # (N, K(K - 1)/2)
        votes = np.zeros((len(X), len(self.classes_)), dtype=np.int64)
        for p, (first, second) in enumerate(self._pairs()):
            votes[:, first] += values[:, p] > 0
            votes[:, second] += values[:, p] <= 0
        return self.classes_[votes.argmax(axis=1)]


# --- the primal: stochastic subgradient steps on the hinge loss ------------------------------

@np.errstate(over="ignore", invalid="ignore")                    # overflow: refused per epoch
def hinge_sgd(X, y, alpha, max_iter, tol, n_iter_no_change, fit_intercept):
    """w (D,), b, epochs: one step per sample, in order, on alpha/2 |w|^2 + max(0, 1 - y f(x)),
    y (N,) in {-1, +1}; the learning rate 1 / (alpha (t0 + t - 1)) (scikit-learn's "optimal")."""
    t0 = 1.0 / (np.sqrt(1.0 / np.sqrt(alpha)) * alpha)
    w, b, t = np.zeros(X.shape[1]), 0.0, 1
    best, stalls = np.inf, 0
    for epoch in range(1, max_iter + 1):
        objective = 0.0
        for x_n, y_n in zip(X, y, strict=True):
            margin = y_n * (w @ x_n + b)                               # y f(x)
            eta = 1.0 / (alpha * (t0 + t - 1))
            objective += max(0.0, 1.0 - margin) + alpha * 0.5 * (w @ w)
            w *= max(0.0, 1.0 - eta * alpha)                           # d(alpha/2 |w|^2)/dw
            if margin <= 1.0:                                          # d hinge/df = -y
                w += eta * y_n * x_n                                   # dL/dw = -y x
                b += eta * y_n if fit_intercept else 0.0               # dL/db = -y
            t += 1
        if not (np.isfinite(b) and np.isfinite(w).all()):
            raise ValueError(f"Floating-point under-/overflow occurred at epoch #{epoch}. "
                             f"Scaling input data with StandardScaler or MinMaxScaler might "
                             f"help.")
        mean = objective / len(X)
        stalls = stalls + 1 if tol is not None and mean > best - tol else 0
        best = min(best, mean)
        if stalls >= n_iter_no_change:
            break
    return w, b, epoch


class LinearSVM:
    """A linear SVM trained in the primal, one sample at a time: scikit-learn's
    SGDClassifier(loss="hinge", penalty="l2", shuffle=False). K classes: one against the rest.

    Parameters
    ----------
    alpha : float > 0, the weight of alpha/2 |w|^2 (alpha = 1 / (C N) in the SVM's terms).
    max_iter : int >= 1, the most epochs.
    tol : float >= 0 or None, the least fall of the mean objective that counts as progress
        (None: always run max_iter epochs).
    n_iter_no_change : int >= 1, epochs without progress before stopping.
    fit_intercept : bool, learn b (else b = 0).
    """

    hyperparameters = {"alpha": Real(low=0, low_open=True), "max_iter": Integer(low=1),
                       "tol": Either((NoneValue(), Real(low=0))),
                       "n_iter_no_change": Integer(low=1), "fit_intercept": Flag()}

    def __init__(self, alpha=1e-4, max_iter=1000, tol=1e-3, n_iter_no_change=5,
                 fit_intercept=True):
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Learn coef_ (1, D) for two classes (f > 0: classes_[1]) or (K, D) one against the
        rest, intercept_, n_iter_ (the most epochs any of them took) and t_ (steps + 1)."""
        check_hyperparameters(self)
        forget_fit(self)
        X, y, _, classes, labels = check_svm_data(X, y, None)
        problems = [labels == 1] if len(classes) == 2 else [labels == k
                                                              for k in range(len(classes))]
        fitted = [hinge_sgd(X, np.where(positive, 1.0, -1.0), self.alpha, self.max_iter,
                            self.tol, self.n_iter_no_change, self.fit_intercept)
                  for positive in problems]
        self.classes_, self.n_features_in_ = classes, X.shape[1]
        self.coef_ = np.array([w for w, _, _ in fitted])              # (1 or K, D)
        self.intercept_ = np.array([b for _, b, _ in fitted])
        self.n_iter_ = max(epochs for _, _, epochs in fitted)
        self.t_ = float(self.n_iter_ * len(X) + 1)
        if self.tol is not None and self.n_iter_ == self.max_iter:
            warnings.warn("Maximum number of iteration reached before convergence. Consider "
                          "increasing max_iter to improve the fit.", ConvergenceWarning,
                          stacklevel=2)
        return self

    def decision_function(self, X):
        """f = X w + b: (N,) for two classes, else (N, K)."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=np.float64, n_features=self.n_features_in_)
        scores = X @ self.coef_.T + self.intercept_                    # (N, 1 or K)
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def predict(self, X):
        """classes_[1] where f > 0 (two classes), else the class of the largest score."""
        scores = self.decision_function(X)
        if len(self.classes_) == 2:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
