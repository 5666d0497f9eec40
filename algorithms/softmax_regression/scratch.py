"""Softmax regression (multinomial logistic regression) trained by mini-batch SGD, in NumPy.

Shapes: N samples, D features, K classes; labels y in 0..K-1, Y their one-hot (N, K).

    forward    Z = X W + b                      X (N, D), W (D, K), b (K,), Z (N, K) logits
               P = softmax(Z), P_ik = e^Z_ik / sum_j e^Z_ij
    loss       L = -1/N sum_i log P_i,y_i       cross-entropy with class indices

    Stability: softmax(Z) = softmax(Z - max_k Z), so the exponent is never positive, and
    log P = (Z - m) - log sum_k e^(Z_k - m) never takes the log of an underflowed 0
    (log_softmax from the activations pair).

    backward   the softmax Jacobian dP_k/dZ_j = P_k (delta_kj - P_j), contracted with
               dL/dP_k = -Y_k / (N P_k), collapses to
               dL/dZ = (P - Y) / N              (N, K)
               dL/dW = X^T dL/dZ                (D, K)
               dL/db = sum_i dL/dZ_i            (K,)
               dL/dX = dL/dZ W^T                (N, D)
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import log_softmax


class SoftmaxRegression:
    """P(y = k | x) = softmax(x W + b)_k, fitted by gradient descent on cross-entropy.

    Parameters
    ----------
    n_features : int, the number of input features D.
    n_classes : int, the number of classes K (labels are 0..K-1).
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, n_classes=2, lr=0.1, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64):
        set_hyperparameters(self, locals())
        self.W = np.zeros((n_features, n_classes), dtype=self.dtype)   # (D, K)
        self.b = np.zeros(n_classes, dtype=self.dtype)                  # (K,)

    def state_dict(self):
        """The parameters by name, as copies."""
        return {"W": self.W.copy(), "b": self.b.copy()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {"W": self.W.shape, "b": self.b.shape})
        self.W = np.array(state["W"], dtype=self.dtype)
        self.b = np.array(state["b"], dtype=self.dtype)

    def forward(self, X):
        """Logits Z (N, K) for X (N, D)."""
        return X @ self.W + self.b

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax(Z)."""
        log_P = log_softmax(self.forward(X))                   # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        N = X.shape[0]
        log_P = log_softmax(self.forward(X))                   # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                     # P
        dZ[np.arange(N), y] -= 1                               # P - Y, without building Y
        dZ /= N                                                # dL/dZ = (P - Y) / N   (N, K)
        dW = X.T @ dZ                                          # dL/dW = X^T dL/dZ     (D, K)
        db = dZ.sum(axis=0)                                    # dL/db = sum_i dL/dZ_i (K,)
        grads = {"W": dW, "b": db}
        if input_grad:
            grads["X"] = dZ @ self.W.T                         # dL/dX = dL/dZ W^T     (N, D)
        return loss, grads

    def step(self, X, y):
        """One gradient-descent step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        self.W -= self.lr * grads["W"]                          # W <- W - lr dL/dW
        self.b -= self.lr * grads["b"]                          # b <- b - lr dL/db
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features,
                         classes=self.n_classes)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """Class probabilities P (N, K) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.forward(X).argmax(axis=1)
