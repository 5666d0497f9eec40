"""Hidden Markov models in NumPy: forward-backward, Viterbi and Baum-Welch, without underflow.

Shapes: T observations x_t (one sequence, or several end to end with `lengths`), K hidden
states; start π (K,), transitions A (K, K) with A_ij = P(z_t+1 = j | z_t = i); emissions b_j(x):
CategoricalHMM a table B (K, M) over M symbols, GaussianHMM means μ (K, D) and covariances
(diag (K, D), full (K, D, D), tied (D, D)).

    forward    log α_0 = log π + log b(x_0);
               log α_t(j) = log b_j(x_t) + logsumexp_i (log α_t-1(i) + log A_ij)
    likelihood log p(X) = logsumexp_j log α_T-1(j)
    backward   log β_T-1 = 0;  log β_t(i) = logsumexp_j (log A_ij + log b_j(x_t+1) + log β_t+1(j))
    posteriors γ_t(j) = α_t(j) β_t(j) / p(X), the state's probability given every observation;
               ξ_t(i, j) = α_t(i) A_ij b_j(x_t+1) β_t+1(j) / p(X), a transition's
    Viterbi    δ_t(j) = log b_j(x_t) + max_i (δ_t-1(i) + log A_ij), traced back from the best
               last state: the single most likely state sequence
    Baum-Welch E: γ and sum_t ξ_t over every sequence.  M: π ∝ (prior - 1 + first γs),
               A ∝ (prior - 1 + sum_t ξ_t) row by row, a probability that is 0 staying 0;
               B_jk ∝ prior - 1 + sum_t γ_t(j) [x_t = k];  μ_j = sum_t γ_t(j) x_t / sum_t γ_t(j)
               and Σ_j around it, with hmmlearn's priors (without them, log p(X) never falls);
               EM stops after n_iter steps or when log p(X) rose by less than tol
    start      π and each row of A from Dirichlet(1/K) draws of RandomState(random_state); B from
               uniform draws of a fresh RandomState(random_state), rows normalized; Gaussian
               means from k-means (10 starts), covariances from X's covariance + min_covar I

The file opens with the forward pass as the textbook writes it, in probabilities: over long
sequences α underflows to 0 (the likelihood of 2000 observations is about e^-2800). The fast
form after it rescales α (and β) to sum to 1 at every step and keeps the logs of the scales,
as Rabiner's tutorial does; the rest works in log space. Neither underflows.
"""

import numpy as np

from algorithms._inputs import check_is_fitted, forget_fit
from algorithms._model_checks import check_lengths, check_observations, check_symbols
from algorithms._params import SEED, Integer, Optional, Options, Real, check_hyperparameters
from algorithms.kmeans.scratch import KMeans

LOG_2PI = np.log(2 * np.pi)


# --- the idea: the forward pass, textbook form -----------------------------------------------

def forward_textbook(log_startprob, log_transmat, log_frameprob):
    """(log p(X), log α (T, K)): α_0 = π b(x_0), α_t = (α_t-1 A) b(x_t), in probabilities."""
    A, b = np.exp(log_transmat), np.exp(log_frameprob)                 # (K, K), (T, K)
    alpha = np.empty_like(b)
    alpha[0] = np.exp(log_startprob) * b[0]
    for t in range(1, len(b)):
        alpha[t] = (alpha[t - 1] @ A) * b[t]                           # sum_i α(i) A_ij b_j
    with np.errstate(divide="ignore"):
        return np.log(alpha[-1].sum()), np.log(alpha)


# --- the fast form: passes rescaled at every step, the rest in log space ----------------------

def logsumexp(a, axis):
    """log sum exp(a) along axis, the largest term taken out (-inf where all are -inf)."""
    largest = a.max(axis=axis, keepdims=True)
    shift = np.where(np.isinf(largest), 0.0, largest)
    with np.errstate(divide="ignore"):
        return np.squeeze(np.log(np.exp(a - shift).sum(axis=axis, keepdims=True)) + shift,
                          axis=axis)


def scaled_emissions(log_frameprob):
    """(b̂ (T, K), m (T,)): each step's emissions over their largest, b̂ = exp(log b - m),
    so that no step's emissions all underflow; m comes back in as a log."""
    largest = log_frameprob.max(axis=1)
    largest = np.where(np.isinf(largest), 0.0, largest)
    return np.exp(log_frameprob - largest[:, None]), largest


def forward(log_startprob, log_transmat, log_frameprob):
    """(log p(X), log α (T, K)): α rescaled to sum to 1 at every step (Rabiner's scaling),
    the logs of the scales summed back in: nothing underflows, and a step costs one product
    where log space costs a log-sum-exp."""
    A = np.exp(log_transmat)
    b, shift = scaled_emissions(log_frameprob)
    alpha, scale = np.empty_like(b), np.empty(len(b))
    alpha_t = np.exp(log_startprob) * b[0]
    for t in range(len(b)):
        if t:
            alpha_t = (alpha_t @ A) * b[t]                             # sum_i α(i) A_ij b_j
        scale[t] = alpha_t.sum()
        if scale[t] == 0:                                   # x_t impossible after x_0..x_t-1
            return -np.inf, np.full_like(b, -np.inf)
        alpha[t] = alpha_t = alpha_t / scale[t]
    log_prob_so_far = np.cumsum(np.log(scale) + shift)                 # log p(x_0..x_t) (T,)
    with np.errstate(divide="ignore"):
        return log_prob_so_far[-1], np.log(alpha) + log_prob_so_far[:, None]


def backward(log_transmat, log_frameprob):
    """log β (T, K), rescaled at every step as forward is: β_t = A (b_t+1 β_t+1)."""
    A = np.exp(log_transmat)
    b, shift = scaled_emissions(log_frameprob)
    beta, log_scale = np.ones_like(b), np.zeros(len(b))
    with np.errstate(divide="ignore", invalid="ignore"):     # an impossible sequence: NaN
        for t in range(len(b) - 2, -1, -1):
            beta_t = A @ (b[t + 1] * beta[t + 1])
            beta[t] = beta_t / beta_t.sum()
            log_scale[t] = np.log(beta_t.sum()) + shift[t + 1]
        log_scale_from_t = np.cumsum(log_scale[::-1])[::-1]            # sum over s >= t
        return np.log(beta) + log_scale_from_t[:, None]


def transitions_expected(log_alpha, log_transmat, log_frameprob, log_beta, log_prob):
    """sum_t ξ_t (K, K): the expected number of each transition."""
    log_xi = (log_alpha[:-1, :, None] + log_transmat                   # (T-1, K, K)
              + (log_frameprob[1:] + log_beta[1:])[:, None, :] - log_prob)
    return np.exp(logsumexp(log_xi, 0))


def viterbi(log_startprob, log_transmat, log_frameprob):
    """(log p(X, z*), z* (T,)): the most likely state sequence."""
    delta = np.empty_like(log_frameprob)
    delta[0] = log_startprob + log_frameprob[0]
    for t in range(1, len(log_frameprob)):
        delta[t] = (delta[t - 1][:, None] + log_transmat).max(axis=0) + log_frameprob[t]
    states = np.empty(len(delta), dtype=np.int64)
    states[-1] = delta[-1].argmax()
    for t in range(len(delta) - 2, -1, -1):                            # the best way back
        states[t] = (delta[t] + log_transmat[:, states[t + 1]]).argmax()
    return delta[-1, states[-1]], states


def _cholesky(covariance):
    """C with Σ = C Cᵀ; where Σ is not positive definite (a state stuck on too few distinct
    observations), of Σ + 1e-7 I, as hmmlearn does."""
    try:
        return np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        try:
            return np.linalg.cholesky(covariance + 1e-7 * np.eye(len(covariance)))
        except np.linalg.LinAlgError:
            raise ValueError("'covars' must be symmetric, positive-definite") from None


def _log(probabilities):
    with np.errstate(divide="ignore"):
        return np.log(probabilities)


def _normalized(a, axis=None):
    """a over its sum along axis (rows summing to 0 stay 0), as hmmlearn's normalize."""
    total = a.sum(axis=axis, keepdims=axis is not None)
    if axis is not None:
        total[total == 0] = 1
    return a / total


def _sequences(X, lengths):
    """The sequences of X, one after another, of the given lengths."""
    ends = np.cumsum(lengths)
    return [X[end - length:end] for end, length in zip(ends, lengths, strict=True)]


class _HMM:
    """What the two emission models share: the passes, Baum-Welch's loop, decoding."""

    def _start(self, X):
        K = self.n_components
        rng = np.random.RandomState(self.random_state)
        self.startprob_ = rng.dirichlet(np.full(K, 1.0 / K))
        self.transmat_ = rng.dirichlet(np.full(K, 1.0 / K), size=K)

    def _passes(self, X, lengths):
        """(log p(X), γ (T, K), the E-step's sums) over each sequence of X."""
        log_prob, posteriors = 0.0, []
        stats = {"start": np.zeros(self.n_components),
                 "trans": np.zeros((self.n_components, self.n_components))}
        log_startprob, log_transmat = _log(self.startprob_), _log(self.transmat_)
        for sequence in _sequences(X, lengths):
            log_frameprob = self._log_emissions(sequence)              # (T, K)
            sequence_log_prob, log_alpha = forward(log_startprob, log_transmat, log_frameprob)
            log_beta = backward(log_transmat, log_frameprob)
            log_gamma = log_alpha + log_beta
            gamma = np.exp(log_gamma - logsumexp(log_gamma, 1)[:, None])   # rows sum to 1
            stats["start"] += gamma[0]
            if len(sequence) > 1:
                stats["trans"] += transitions_expected(log_alpha, log_transmat, log_frameprob,
                                                       log_beta, sequence_log_prob)
            log_prob += sequence_log_prob
            posteriors.append(gamma)
        return log_prob, np.concatenate(posteriors), stats

    def _m_step_markov(self, stats):
        """π and A from the expected starts and transitions, zeros kept zero."""
        start = np.maximum(self.startprob_prior - 1 + stats["start"], 0)
        self.startprob_ = _normalized(np.where(self.startprob_ == 0, 0, start))
        trans = np.maximum(self.transmat_prior - 1 + stats["trans"], 0)
        self.transmat_ = _normalized(np.where(self.transmat_ == 0, 0, trans), axis=1)

    def fit(self, X, y=None, lengths=None):
        """Baum-Welch on X (T, features), sequences of the given lengths (one: all of X);
        y is ignored. Learns the parameters, their values after every EM step (*_trajectory_)
        and log p(X) before each step (log_likelihoods_)."""
        check_hyperparameters(self)
        forget_fit(self)
        X = self._checked(X, fitting=True)
        lengths = check_lengths(lengths, len(X))
        self._start(X)
        self.log_likelihoods_, trajectory = [], []
        for _ in range(self.n_iter):
            log_prob, posteriors, stats = self._passes(X, lengths)
            self._m_step(X, posteriors, stats)
            trajectory.append({name: getattr(self, name) for name in self._learned})
            self.log_likelihoods_.append(log_prob)
            if len(self.log_likelihoods_) > 1 and log_prob - self.log_likelihoods_[-2] < self.tol:
                break
        for name in self._learned:
            setattr(self, f"{name[:-1]}_trajectory_", np.array([s[name] for s in trajectory]))
        self.log_likelihoods_ = np.array(self.log_likelihoods_)
        self.n_iter_ = len(self.log_likelihoods_)
        return self

    def _ask(self, X, lengths):
        check_is_fitted(self, "n_iter_")                               # set once fit ends
        X = self._checked(X)
        return X, check_lengths(lengths, len(X))

    def score(self, X, y=None, lengths=None):
        """log p(X) under the model (summed over the sequences)."""
        return self._passes(*self._ask(X, lengths))[0]

    def predict_proba(self, X, lengths=None):
        """The posteriors γ (T, K): each state's probability at each step."""
        return self._passes(*self._ask(X, lengths))[1]

    def decode(self, X, lengths=None):
        """(log p(X, z*), z* (T,)): Viterbi's most likely states; with algorithm "map", each
        step's most probable state, and (as hmmlearn) the sum of those posteriors."""
        X, lengths = self._ask(X, lengths)
        if self.algorithm == "map":
            decoded = [(gamma.max(axis=1).sum(), gamma.argmax(axis=1)) for gamma in
                       (self._passes(sequence, [len(sequence)])[1]
                        for sequence in _sequences(X, lengths))]
        else:
            log_startprob, log_transmat = _log(self.startprob_), _log(self.transmat_)
            decoded = [viterbi(log_startprob, log_transmat, self._log_emissions(sequence))
                       for sequence in _sequences(X, lengths)]
        return (sum(log_prob for log_prob, _ in decoded),
                np.concatenate([states for _, states in decoded]))

    def predict(self, X, lengths=None):
        """The decoded states z* (T,)."""
        return self.decode(X, lengths)[1]


MARKOV = {"n_components": Integer(low=1), "startprob_prior": Real(low=0),
          "transmat_prior": Real(low=0), "algorithm": Options("viterbi", "map"),
          "random_state": SEED, "n_iter": Integer(low=1), "tol": Real(low=0)}


class CategoricalHMM(_HMM):
    """An HMM over symbols 0..M-1, with hmmlearn's names.

    Parameters
    ----------
    n_components : int >= 1, the hidden states K.
    startprob_prior, transmat_prior, emissionprob_prior : float >= 0, Dirichlet priors
        (1: none, maximum likelihood).
    n_features : None (the largest symbol + 1) or int >= 1, the symbols M.
    algorithm : "viterbi" or "map", how predict decodes.
    random_state : int, seeds the start.
    n_iter : int >= 1, EM steps at most.  tol : float >= 0, the rise of log p(X) that stops EM.
    """

    hyperparameters = {**MARKOV, "emissionprob_prior": Real(low=0),
                       "n_features": Optional(Integer(low=1))}
    _learned = ("startprob_", "transmat_", "emissionprob_")

    def __init__(self, n_components=1, startprob_prior=1.0, transmat_prior=1.0,
                 emissionprob_prior=1.0, n_features=None, algorithm="viterbi",
                 random_state=0, n_iter=10, tol=1e-2):
        self.n_components = n_components
        self.startprob_prior = startprob_prior
        self.transmat_prior = transmat_prior
        self.emissionprob_prior = emissionprob_prior
        self.n_features = n_features
        self.algorithm = algorithm
        self.random_state = random_state
        self.n_iter = n_iter
        self.tol = tol

    def _checked(self, X, fitting=False):
        """Symbols (T, 1) as int64; fit learns M, n_features_."""
        if not fitting:
            return check_symbols(X, self.n_features_)
        X = check_symbols(X, self.n_features)
        self.n_features_ = self.n_features or int(X.max()) + 1
        return X

    def _start(self, X):
        super()._start(X)
        rng = np.random.RandomState(self.random_state)                 # afresh, as hmmlearn
        self.emissionprob_ = _normalized(rng.rand(self.n_components, self.n_features_), axis=1)

    def _log_emissions(self, X):
        """log B_j(x_t) (T, K)."""
        return _log(self.emissionprob_[:, X[:, 0]].T)

    def _m_step(self, X, posteriors, stats):
        self._m_step_markov(stats)
        seen = np.zeros((self.n_components, self.n_features_))
        np.add.at(seen.T, X[:, 0], posteriors)                         # sum_t γ_t(j) [x_t = k]
        self.emissionprob_ = _normalized(np.maximum(self.emissionprob_prior - 1 + seen, 0),
                                         axis=1)


class GaussianHMM(_HMM):
    """An HMM with a Gaussian per state, with hmmlearn's names.

    Parameters
    ----------
    n_components : int >= 1, the hidden states K.
    covariance_type : "diag", "full" or "tied".
    min_covar : float >= 0, added to the start's covariance diagonal.
    startprob_prior, transmat_prior : float >= 0, Dirichlet priors (1: none).
    means_prior, means_weight : float, float >= 0, a normal prior on the means (weight 0: none).
    covars_prior, covars_weight : float >= 0, the covariances' prior (hmmlearn's defaults).
    algorithm : "viterbi" or "map", how predict decodes.
    random_state : int, seeds the start.
    n_iter : int >= 1, EM steps at most.  tol : float >= 0, the rise of log p(X) that stops EM.
    """

    hyperparameters = {**MARKOV, "covariance_type": Options("diag", "full", "tied"),
                       "min_covar": Real(low=0), "means_prior": Real(),
                       "means_weight": Real(low=0), "covars_prior": Real(low=0),
                       "covars_weight": Real(low=0)}
    _learned = ("startprob_", "transmat_", "means_", "covars_")

    def __init__(self, n_components=1, covariance_type="diag", min_covar=1e-3,
                 startprob_prior=1.0, transmat_prior=1.0, means_prior=0.0, means_weight=0.0,
                 covars_prior=1e-2, covars_weight=1.0, algorithm="viterbi", random_state=0,
                 n_iter=10, tol=1e-2):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.min_covar = min_covar
        self.startprob_prior = startprob_prior
        self.transmat_prior = transmat_prior
        self.means_prior = means_prior
        self.means_weight = means_weight
        self.covars_prior = covars_prior
        self.covars_weight = covars_weight
        self.algorithm = algorithm
        self.random_state = random_state
        self.n_iter = n_iter
        self.tol = tol

    def _checked(self, X, fitting=False):
        """Observations (T, D) as float64; fit learns D, n_features_in_."""
        if not fitting:
            return check_observations(X, self.n_components, self.n_features_in_)
        X = check_observations(X, self.n_components)
        self.n_features_in_ = X.shape[1]
        return X

    def _start(self, X):
        super()._start(X)
        self.means_ = KMeans(self.n_components, n_init=10,
                             random_state=self.random_state).fit(X).cluster_centers_
        covariance = np.atleast_2d(np.cov(X.T)) + self.min_covar * np.eye(X.shape[1])
        self._set_covars(covariance)

    def _set_covars(self, covariance):
        """covars_ (K, D, D) from one (D, D) matrix, in the form covariance_type keeps; a
        start that is not positive definite is refused with hmmlearn's words (a constant
        feature with min_covar = 0)."""
        K, kind = self.n_components, self.covariance_type
        self._covars = {"full": np.tile(covariance, (K, 1, 1)), "tied": covariance,
                        "diag": np.tile(np.diag(covariance), (K, 1))}[kind]
        if kind == "diag" and (self._covars <= 0).any():
            raise ValueError("'diag' covars must be positive")
        matrices = {"full": self._covars, "tied": [self._covars], "diag": []}[kind]
        for n, matrix in enumerate(matrices):
            if not np.allclose(matrix, matrix.T) or (np.linalg.eigvalsh(matrix) <= 0).any():
                raise ValueError(f"component {n} of 'full' covars must be symmetric, "
                                 f"positive-definite" if kind == "full" else
                                 "'tied' covars must be symmetric, positive-definite")
        self._fill_covars()

    def _fill_covars(self):
        """covars_ (K, D, D), whatever the type keeps (hmmlearn's covars_)."""
        K, c = self.n_components, self._covars
        self.covars_ = {"full": c, "tied": np.tile(c, (K, 1, 1)),
                        "diag": np.array([np.diag(row) for row in np.atleast_2d(c)])}[
            self.covariance_type]

    def _log_emissions(self, X):
        """log N(x_t | μ_j, Σ_j) (T, K)."""
        D = X.shape[1]
        if self.covariance_type == "diag":
            v = self._covars                                           # (K, D) variances
            return -0.5 * (D * LOG_2PI + np.log(v).sum(axis=1) + (self.means_**2 / v).sum(axis=1)
                           - 2 * X @ (self.means_ / v).T + (X**2) @ (1.0 / v).T)
        log_density = np.empty((len(X), self.n_components))
        for j, (mu, covariance) in enumerate(zip(self.means_, self.covars_, strict=True)):
            lower = _cholesky(covariance)                                  # Σ = C Cᵀ
            solved = np.linalg.solve(lower, (X - mu).T).T              # C⁻¹ (x - μ) (T, D)
            log_det = 2 * np.log(np.diag(lower)).sum()
            log_density[:, j] = -0.5 * ((solved**2).sum(axis=1) + D * LOG_2PI + log_det)
        return log_density

    def _m_step(self, X, posteriors, stats):
        self._m_step_markov(stats)
        weight = posteriors.sum(axis=0)[:, None]                       # sum_t γ_t(j) (K, 1)
        seen = posteriors.T @ X                                        # sum_t γ_t(j) x_t
        self.means_ = (self.means_weight * self.means_prior + seen) / (self.means_weight
                                                                       + weight)
        centred = self.means_ - self.means_prior
        if self.covariance_type == "diag":
            squares = posteriors.T @ X**2                              # sum_t γ_t(j) x_t²
            spread = (self.means_weight * centred**2 + squares - 2 * self.means_ * seen
                      + self.means_**2 * weight)
            denominator = max(self.covars_weight - 1, 0) + weight
            self._covars = (self.covars_prior + spread) / np.maximum(denominator, 1e-5)
        else:
            outer = np.einsum("tj,td,te->jde", posteriors, X, X)       # sum_t γ_t(j) x_t x_tᵀ
            spread = np.empty_like(outer)
            for j in range(self.n_components):
                cross = np.outer(seen[j], self.means_[j])
                spread[j] = (self.means_weight * np.outer(centred[j], centred[j]) + outer[j]
                             - cross - cross.T
                             + np.outer(self.means_[j], self.means_[j]) * weight[j, 0])
            extra = max(self.covars_weight - X.shape[1], 0)
            if self.covariance_type == "tied":
                self._covars = (self.covars_prior + spread.sum(axis=0)) / (extra + weight.sum())
            else:
                self._covars = (self.covars_prior + spread) / (extra + weight[:, :, None])
        self._fill_covars()
