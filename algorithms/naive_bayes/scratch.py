"""Gaussian naive Bayes in NumPy.

Shapes: N samples, D features, K classes.

    fit        classes_ (K,) the sorted labels; one-hot Y (N, K) of the labels
               class_count_ = sum_i Y_ik                          (K,)
               class_prior_ = class_count_ / N                    (K,)
               theta_ = Y^T X / class_count_                      (K, D) per-class means
               epsilon_ = var_smoothing * max_d var(X[:, d])      keeps every variance > 0
               var_ = Y^T (X - theta_[y])^2 / class_count_ + epsilon_   (K, D)
    predict    log P(x, k) = log prior_k
                             - 1/2 sum_d [log(2 pi var_kd) + (x_d - theta_kd)^2 / var_kd]
               the "naive" assumption: features independent given the class, so the log
               likelihood is a sum over d
               log P(k | x) = log P(x, k) - logsumexp_k log P(x, k)
               predict = classes_[argmax_k log P(x, k)]

The variances are computed in two passes (mean first, then squared deviations), which avoids
the cancellation of E[x^2] - E[x]^2.
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Real, check_hyperparameters


class GaussianNB:
    """Gaussian naive Bayes classifier, with scikit-learn's parameter and attribute names.

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
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)  # float32 stays float32
        check_squares_fit(X)
        if np.all(X[0] == X):                 # then every variance and epsilon_ would be 0
            raise ValueError("every feature of X is constant (or X has one sample): the "
                             "variances would all be 0; at least one feature must vary")
        self.classes_, y_index = np.unique(y, return_inverse=True)
        N, K = len(X), len(self.classes_)
        Y = np.zeros((N, K), dtype=X.dtype)
        Y[np.arange(N), y_index] = 1                           # one-hot labels (N, K)
        self.n_features_in_ = X.shape[1]
        self.class_count_ = Y.sum(axis=0)                      # (K,) in X's precision
        self.class_prior_ = self.class_count_ / N              # (K,)
        self.theta_ = (Y.T @ X) / self.class_count_[:, None]   # (K, D)
        self.epsilon_ = self.var_smoothing * np.var(X, axis=0).max()
        deviations = X - self.theta_[y_index]                  # (N, D)
        self.var_ = (Y.T @ deviations**2) / self.class_count_[:, None] + self.epsilon_  # (K, D)
        return self

    def predict_joint_log_likelihood(self, X):
        """log P(x, k) (N, K) for X (N, D)."""
        check_is_fitted(self, "theta_")
        X = check_X(X, dtype=self.theta_.dtype, n_features=self.n_features_in_)
        log_norm = -0.5 * np.log(2 * np.pi * self.var_).sum(axis=1)            # (K,)
        squared = (X[:, None, :] - self.theta_[None]) ** 2 / self.var_[None]  # (N, K, D)
        return np.log(self.class_prior_) + log_norm - 0.5 * squared.sum(axis=2)

    def predict_log_proba(self, X):
        """log P(k | x) (N, K): the joint log likelihood normalized over classes."""
        joint = self.predict_joint_log_likelihood(X)
        top = joint.max(axis=1, keepdims=True)                 # logsumexp, stable
        return joint - (top + np.log(np.exp(joint - top).sum(axis=1, keepdims=True)))

    def predict_proba(self, X):
        """P(k | x) (N, K)."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The most probable class (N,) for each row of X."""
        joint = self.predict_joint_log_likelihood(X)          # (N, K)
        return self.classes_[joint.argmax(axis=1)]
