"""t-SNE with scikit-learn: TSNE(method="exact").

Shapes: N samples, D features; the embedding Y (N, d); P (N, N).

    fit        sklearn.manifold.TSNE(n_components, perplexity, early_exaggeration,
               learning_rate, max_iter, n_iter_without_progress, min_grad_norm, init,
               random_state, method="exact").fit_transform(X): P by a binary search per row
               (compiled), then gradient descent with momentum and gains on KL(P || Q)
    recorded   scikit-learn keeps only the last KL divergence and not P: its objective
               function is wrapped during fit to keep P (which it is passed) and each KL it
               computes, every 50th iteration and the last of each phase

Both sides check their input with the same function before scikit-learn sees it.
"""

import contextlib

import numpy as np
from scipy.spatial.distance import squareform
from sklearn import manifold
from sklearn.manifold import _t_sne

from algorithms._inputs import forget_fit
from algorithms._model_checks import check_start, check_tsne_data
from algorithms._params import SEED, AnArray, Either, Integer, Options, Real, check_hyperparameters

EXPLORATION = 250                  # iterations with early exaggeration


@contextlib.contextmanager
def recording_objective():
    """scikit-learn's KL objective, wrapped to keep what it is given and computes: P (scaled
    back in place after the exaggerated phase) and every KL divergence it is asked for."""
    record = {"P": None, "kl": []}
    objective = _t_sne._kl_divergence

    def recorded(params, P, *args, compute_error=True, **kwargs):
        record["P"] = P
        kl, grad = objective(params, P, *args, compute_error=compute_error, **kwargs)
        if compute_error:
            record["kl"].append(kl)
        return kl, grad

    _t_sne._kl_divergence = recorded
    try:
        yield record
    finally:
        _t_sne._kl_divergence = objective


class TSNE:
    """Exact t-SNE: scikit-learn's TSNE with method="exact".

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

    def fit_transform(self, X, y=None):
        """The embedding (N, d) of X (N, D); y is ignored."""
        check_hyperparameters(self)
        forget_fit(self)
        X = check_tsne_data(X, self.perplexity, self.n_components, self.init)
        init = (self.init if isinstance(self.init, str)
                else check_start(self.init, len(X), self.n_components))
        estimator = manifold.TSNE(
            n_components=self.n_components, perplexity=self.perplexity,
            early_exaggeration=self.early_exaggeration, learning_rate=self.learning_rate,
            max_iter=self.max_iter, n_iter_without_progress=self.n_iter_without_progress,
            min_grad_norm=self.min_grad_norm, init=init, random_state=self.random_state,
            method="exact")
        with recording_objective() as record:
            Y = estimator.fit_transform(X)
        self.estimator_ = estimator                    # only once fit has succeeded
        self.kl_divergences_ = np.array(record["kl"])
        self.joint_probabilities_ = squareform(record["P"])
        for name in ("embedding_", "kl_divergence_", "n_iter_", "learning_rate_",
                     "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        return Y

    def fit(self, X, y=None):
        """Embed X (fit_transform without the answer)."""
        self.fit_transform(X)
        return self

