"""Non-negative matrix factorization with scikit-learn: NMF(solver="mu", init="random").

Shapes: X (N, D) >= 0, k components; W (N, k), H = components_ (k, D).

    fit        sklearn.decomposition.NMF(n_components, solver="mu", init="random",
               beta_loss, tol, max_iter, random_state, alpha_W, alpha_H, l1_ratio)
               .fit_transform(X): W; components_, n_iter_, reconstruction_err_
    transform  NMF.transform(X): W for new rows with H held fixed
    inverse    W H

scikit-learn's default solver is coordinate descent and its default start an SVD-based one
(NNDSVDA, from a randomized SVD); here the multiplicative updates and the random start are
named, the algorithm the scratch side writes. Both sides check their input with the same
function before scikit-learn sees it.
"""

from sklearn import decomposition

from algorithms._inputs import check_is_fitted, check_X
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


class NMF:
    """X ≈ W H with W, H >= 0: scikit-learn's NMF with multiplicative updates, behind the
    checks.

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

    def fit_transform(self, X, y=None):
        """W (N, k); learns components_ H (k, D), n_iter_ and reconstruction_err_."""
        check_hyperparameters(self)
        X = check_non_negative(X)
        self.estimator_ = decomposition.NMF(
            "auto" if self.n_components is None else self.n_components, init="random",
            solver="mu", beta_loss=self.beta_loss, tol=self.tol, max_iter=self.max_iter,
            random_state=self.random_state, alpha_W=self.alpha_W, alpha_H=self.alpha_H,
            l1_ratio=self.l1_ratio)
        W = self.estimator_.fit_transform(X)
        for name in ("components_", "n_components_", "n_iter_", "reconstruction_err_",
                     "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        return W

    def fit(self, X, y=None):
        """Learn components_ from X (N, D) >= 0; y is ignored."""
        self.fit_transform(X)
        return self

    def transform(self, X):
        """W (N, k) for new rows, H held fixed."""
        check_is_fitted(self, "components_")
        return self.estimator_.transform(check_non_negative(X, self.n_features_in_))

    def inverse_transform(self, W):
        """X_hat (N, D) = W H."""
        check_is_fitted(self, "components_")
        return check_X(W, dtype=self.components_.dtype,
                       n_features=self.n_components_) @ self.components_
