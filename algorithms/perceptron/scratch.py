"""The perceptron in NumPy: a linear classifier that learns from its mistakes, one at a time.

Shapes: N samples, D features, K classes (one weight vector per class, one-vs-rest; a single
one for two classes); y_i = +1 for the class, -1 for the rest.

    score      s_i = w . x_i + b
    mistake    y_i s_i <= 0 (a point on the boundary counts as wrong)
    update     at a mistake only:  w <- w + eta0 y_i x_i,  b <- b + eta0 y_i
    epochs     the samples in order, max_iter times, no shuffling and no early stop
    predict    two classes: classes_[s > 0]; K classes: the class of the highest score

The updates are sequential: each depends on the weights the previous mistakes left. The file
opens with a pass in textbook form, one sample at a time. The fast form after it jumps ahead:
between mistakes the weights do not change, so the scores of the next block of samples come
from one (B, D) @ (D,) product, and the loop steps only to the first mistake in it. On data
the model mostly gets right, a pass costs about N / B Python steps instead of N.

Convergence theorem (Novikoff): on linearly separable data with margin gamma and |x| <= R,
the perceptron makes at most (R / gamma)^2 mistakes; on data that is not separable (XOR) it
never settles.
"""

import numpy as np

from algorithms._inputs import check_is_fitted, check_X, check_X_y, float_dtype
from algorithms._model_checks import check_squares_fit
from algorithms._params import Flag, Integer, Real, check_hyperparameters

# --- the idea: one pass, textbook form -------------------------------------------------------

def perceptron_epoch(X, y, w, b, eta0, fit_intercept=True):
    """One pass over (X, y) in order, y in {-1, +1}: at each mistake y (w . x + b) <= 0,
    w <- w + eta0 y x and b <- b + eta0 y. Updates w in place, returns b."""
    for x_i, y_i in zip(X, y, strict=True):
        if y_i * (x_i @ w + b) <= 0:                                   # a mistake
            w += eta0 * y_i * x_i
            if fit_intercept:
                b += eta0 * y_i
    return b


# --- the fast form: a block of scores at a time --------------------------------------------
# Between mistakes the weights do not change, so the scores of the next block of samples come
# from one product and the loop steps only to the first mistake in it.

def perceptron_epoch_blocked(X, y, w, b, eta0, fit_intercept=True):
    """perceptron_epoch, a block of samples scored at once: blocks double while they come back
    clean and halve after a mistake."""
    i, block = 0, 8
    while i < len(X):
        scores = X[i:i + block] @ w + b                                # (B,) current weights
        mistakes = np.flatnonzero(y[i:i + block] * scores <= 0)
        if len(mistakes) == 0:
            i, block = i + block, 2 * block                            # clean: look further
            continue
        j = i + mistakes[0]                                            # the first mistake
        w += eta0 * y[j] * X[j]                                        # w <- w + eta0 y x
        if fit_intercept:
            b += eta0 * y[j]                                           # b <- b + eta0 y
        i, block = j + 1, max(8, block // 2)
    return b


class Perceptron:
    """Rosenblatt's perceptron with scikit-learn's parameter and attribute names.

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

    def fit(self, X, y):
        """Learn one weight vector per class (one for two classes) from X (N, D), y (N,)."""
        check_hyperparameters(self)
        X, y = check_X_y(X, y, dtype=float_dtype(X), discrete=True)  # float32 stays float32
        check_squares_fit(X, centred=False)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"y must hold at least 2 classes; got {len(self.classes_)}")
        binary = len(self.classes_) == 2
        targets = self.classes_[1:] if binary else self.classes_      # one-vs-rest
        self.coef_ = np.zeros((len(targets), X.shape[1]), dtype=X.dtype)  # (K or 1, D)
        self.intercept_ = np.zeros(len(targets), dtype=X.dtype)
        self.coef_path_ = np.zeros((self.max_iter, *self.coef_.shape), dtype=X.dtype)
        for k, target in enumerate(targets):
            y_k = np.where(y == target, 1.0, -1.0).astype(X.dtype)     # +1 this class, -1 rest
            w, b = self.coef_[k], X.dtype.type(0)                      # w: a view, in place
            for epoch in range(self.max_iter):
                b = perceptron_epoch_blocked(X, y_k, w, b, self.eta0, self.fit_intercept)
                self.coef_path_[epoch, k] = w
            self.intercept_[k] = b
        if binary:                         # as scikit-learn: a binary intercept ends in float64
            self.intercept_ = self.intercept_.astype(np.float64)
        self.n_features_in_, self.n_iter_ = X.shape[1], self.max_iter
        return self

    def decision_function(self, X):
        """Scores (N,) for two classes, (N, K) for more: X coef_^T + intercept_."""
        check_is_fitted(self, "coef_")
        X = check_X(X, dtype=self.coef_.dtype, n_features=self.n_features_in_)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def predict(self, X):
        """The class (N,): the positive one where the score is > 0, or the best scoring."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[scores.argmax(axis=1)]
