"""Hidden Markov models with hmmlearn: CategoricalHMM and GaussianHMM.

Shapes: T observations (sequences end to end with `lengths`), K hidden states; π (K,),
A (K, K); emissions B (K, M), or means (K, D) and covariances (K, D, D).

    fit        hmmlearn.hmm.CategoricalHMM / GaussianHMM(n_components, priors, algorithm,
               random_state, n_iter, tol, implementation="log").fit(X, lengths): Baum-Welch,
               the forward and backward passes in compiled code, in log space
    recorded   hmmlearn keeps the last parameters and the log-likelihoods (its monitor): a
               subclass keeps the parameters after every M-step too (*_trajectory_)
    predict    score (log p(X)), predict_proba (the posteriors), decode and predict (Viterbi,
               or "map")

Both sides check their input with the same function before hmmlearn sees it.
"""

import numpy as np
from hmmlearn import hmm

from algorithms._inputs import check_is_fitted, forget_fit
from algorithms._model_checks import check_lengths, check_observations, check_symbols
from algorithms._params import SEED, Integer, Optional, Options, Real, check_hyperparameters


class _KeepsEachStep:
    """An hmmlearn model whose M-step also keeps a copy of the parameters it sets."""

    kept = ()

    def _do_mstep(self, stats):
        super()._do_mstep(stats)
        self.steps_.append({name: np.array(getattr(self, name)) for name in self.kept})


class _CategoricalKeepingSteps(_KeepsEachStep, hmm.CategoricalHMM):
    kept = ("startprob_", "transmat_", "emissionprob_")


class _GaussianKeepingSteps(_KeepsEachStep, hmm.GaussianHMM):
    kept = ("startprob_", "transmat_", "means_", "covars_")


class _HMM:
    """The checks around hmmlearn's model, shared by both emission models."""

    def fit(self, X, y=None, lengths=None):
        """Baum-Welch on X (T, features), sequences of the given lengths (one: all of X);
        y is ignored."""
        check_hyperparameters(self)
        forget_fit(self)
        X = self._checked(X, fitting=True)
        lengths = check_lengths(lengths, len(X))
        model = self._model(**self._hmmlearn_parameters(), implementation="log")
        model.steps_ = []
        model.fit(X, lengths)
        self.estimator_ = model                        # only once fit has succeeded
        for name in model.kept:
            setattr(self, name, getattr(model, name))
            setattr(self, f"{name[:-1]}_trajectory_", np.array([s[name] for s in model.steps_]))
        self.log_likelihoods_ = np.array(model.monitor_.history)
        self.n_iter_ = len(self.log_likelihoods_)
        return self

    def _hmmlearn_parameters(self):
        return {name: getattr(self, name) for name in self.hyperparameters}

    def _ask(self, X, lengths):
        check_is_fitted(self, "estimator_")
        X = self._checked(X)
        return X, check_lengths(lengths, len(X))

    def score(self, X, y=None, lengths=None):
        """log p(X) under the model (summed over the sequences)."""
        X, lengths = self._ask(X, lengths)
        return self.estimator_.score(X, lengths)

    def predict_proba(self, X, lengths=None):
        """The posteriors γ (T, K): each state's probability at each step."""
        X, lengths = self._ask(X, lengths)
        return self.estimator_.predict_proba(X, lengths)

    def decode(self, X, lengths=None):
        """(log p(X, z*), z* (T,)): Viterbi's most likely states; with algorithm "map", each
        step's most probable state, and (as hmmlearn) the sum of those posteriors."""
        X, lengths = self._ask(X, lengths)
        return self.estimator_.decode(X, lengths)

    def predict(self, X, lengths=None):
        """The decoded states z* (T,)."""
        return self.decode(X, lengths)[1]


MARKOV = {"n_components": Integer(low=1), "startprob_prior": Real(low=0),
          "transmat_prior": Real(low=0), "algorithm": Options("viterbi", "map"),
          "random_state": SEED, "n_iter": Integer(low=1), "tol": Real(low=0)}


class CategoricalHMM(_HMM):
    """An HMM over symbols 0..M-1: hmmlearn's CategoricalHMM.

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
    _model = _CategoricalKeepingSteps

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


class GaussianHMM(_HMM):
    """An HMM with a Gaussian per state: hmmlearn's GaussianHMM.

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
    _model = _GaussianKeepingSteps

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
