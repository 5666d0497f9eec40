"""The perceptron with scikit-learn: Perceptron(shuffle=False, tol=None).

Shapes: N samples, D features, K classes (one weight vector per class, one-vs-rest; a single
one for two classes).

    fit        sklearn.linear_model.Perceptron(eta0, fit_intercept, shuffle=False, tol=None):
               stochastic gradient descent on the perceptron loss max(0, -y s), sample by
               sample in compiled code; its gradient is -y x where y s <= 0 and 0 elsewhere,
               so each step is w <- w + eta0 y x at a mistake. partial_fit runs one epoch
               per call, max_iter calls, keeping the weights after each (coef_path_): the
               same as fit(X, y) with max_iter epochs (tests/test_pair_details.py)
    predict    Perceptron.predict(X)

shuffle=False visits the samples in order and tol=None runs every epoch, the settings under
which the updates are those of Rosenblatt's perceptron. Both sides check their input with
the same function before scikit-learn sees it.
"""

import numpy as np
from sklearn import linear_model

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Flag, Integer, Real, check_hyperparameters


class Perceptron:
    """Rosenblatt's perceptron: scikit-learn's Perceptron behind the shared checks.

    Parameters
    ----------
    eta0 : float > 0, the step taken at each mistake.
    max_iter : int >= 1, the passes over the data.
    fit_intercept : bool, whether to learn the bias b (else b = 0).
    """

    hyperparameters = {"eta0": Real(low=0, low_open=True), "max_iter": Integer(low=1),
                       "fit_intercept": Flag()}

    def __init__(self, eta0=1.0, max_iter=5, fit_intercept=True):
        self.eta0 = eta0
        self.max_iter = max_iter
        self.fit_intercept = fit_intercept

    def _estimator(self, max_iter):
        return linear_model.Perceptron(eta0=self.eta0, max_iter=max_iter, tol=None,
                                       shuffle=False, fit_intercept=self.fit_intercept)

    def fit(self, X, y):
        """Learn one weight vector per class (one for two classes) from X (N, D), y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)
        check_squares_fit(X, centred=False)
        classes = np.unique(y)
        if len(classes) < 2:
            raise ValueError(f"y must hold at least 2 classes; got {len(classes)}")
        self.estimator_ = self._estimator(1)
        path = []
        for _ in range(self.max_iter):
            self.estimator_.partial_fit(X, y, classes=classes)        # one more epoch
            path.append(self.estimator_.coef_.copy())
        self.coef_path_ = np.array(path)                               # (epochs, K or 1, D)
        for name in ("classes_", "coef_", "intercept_", "n_features_in_"):
            setattr(self, name, getattr(self.estimator_, name))
        self.n_iter_ = self.max_iter
        return self

    def decision_function(self, X):
        """Scores (N,) for two classes, (N, K) for more: X coef_^T + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.estimator_.decision_function(X)

    def predict(self, X):
        """The class (N,): the positive one where the score is > 0, or the best scoring."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        return self.estimator_.predict(X)
