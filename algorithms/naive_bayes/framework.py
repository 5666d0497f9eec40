"""Gaussian naive Bayes with scikit-learn.

Shapes: N samples, D features, K classes.

    fit        sklearn.naive_bayes.GaussianNB(var_smoothing=...).fit(X, y) estimates
               class_prior_, theta_ (K, D) and var_ (K, D), var_ including epsilon_
    predict    the estimator's joint log likelihood, normalized by logsumexp

Both sides check their input with the same function, so bad input fails the same way before
scikit-learn sees it; the fitted attributes are copied from the estimator under its own names.
"""

import numpy as np
from sklearn import naive_bayes

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Real, check_hyperparameters


class GaussianNB:
    """Gaussian naive Bayes classifier: scikit-learn's GaussianNB behind the shared checks.

    Parameters
    ----------
    var_smoothing : float >= 0, the share of the largest feature variance added to every
        variance for stability.
    """

    hyperparameters = {"var_smoothing": Real(low=0)}

    def __init__(self, var_smoothing=1e-9):
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """Estimate the class priors and per-class Gaussians from X (N, D) and labels y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)
        check_squares_fit(X)
        if np.all(X[0] == X):                 # then every variance and epsilon_ would be 0
            raise ValueError("every feature of X is constant (or X has one sample): the "
                             "variances would all be 0; at least one feature must vary")
        self.estimator_ = naive_bayes.GaussianNB(var_smoothing=self.var_smoothing).fit(X, y)
        for name in ("classes_", "n_features_in_", "class_count_", "class_prior_", "theta_",
                     "epsilon_", "var_"):
            setattr(self, name, getattr(self.estimator_, name))
        return self

    def predict_joint_log_likelihood(self, X):
        """log P(x, k) (N, K) for X (N, D)."""
        check_is_fitted(self, "theta_")
        X = check_X(X, dtype=self.theta_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict_joint_log_proba(X)

    def predict_log_proba(self, X):
        """log P(k | x) (N, K): the joint log likelihood normalized over classes."""
        check_is_fitted(self, "theta_")
        X = check_X(X, dtype=self.theta_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict_log_proba(X)

    def predict_proba(self, X):
        """P(k | x) (N, K)."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The most probable class (N,) for each row of X."""
        check_is_fitted(self, "theta_")
        X = check_X(X, dtype=self.theta_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict(X)
