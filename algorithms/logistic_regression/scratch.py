"""Binary logistic regression trained by mini-batch gradient descent, in NumPy.

Shapes: N samples, D features; labels y in {0, 1}.

    forward    z = X W + b                              X (N, D), W (D, 1), b (1,), z (N,)
               p = sigmoid(z) = 1 / (1 + e^-z)          P(y = 1 | x)
    loss       L = 1/N sum_i [log(1 + e^z_i) - y_i z_i]  binary cross-entropy, written in z
    backward   dL/dz = (sigmoid(z) - y) / N             (N,)   since d/dz log(1 + e^z) = sigmoid(z)
               dL/dW = X^T dL/dz                        (D, 1)
               dL/db = sum_i dL/dz_i                    (1,)
               dL/dX = dL/dz W^T                        (N, D)
               (dL/dX is an outer product: broadcasting writes it twice as fast as a
               matmul with an inner dimension of 1)

Numerical stability: the loss is computed from z, never from p, with log(1 + e^z) as
softplus(z) = max(z, 0) + log(1 + e^-|z|), so |z| = 1e4 gives neither overflow nor log(0).
softplus and the sigmoid come from the activations pair; neither exponentiates a positive
number.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import sigmoid, softplus


class LogisticRegression:
    """P(y = 1 | x) = sigmoid(x W + b), fitted by gradient descent on binary cross-entropy.

    Parameters
    ----------
    n_features : int, the number of input features D.
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), **TRAINING}

    def __init__(self, n_features, lr=0.1, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64):
        set_hyperparameters(self, locals())
        self.W = np.zeros((n_features, 1), dtype=self.dtype)   # (D, 1)
        self.b = np.zeros(1, dtype=self.dtype)                  # (1,)

    def state_dict(self):
        """The parameters by name, as copies."""
        return {"W": self.W.copy(), "b": self.b.copy()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {"W": self.W.shape, "b": self.b.shape})
        self.W = np.array(state["W"], dtype=self.dtype)
        self.b = np.array(state["b"], dtype=self.dtype)

    def forward(self, X):
        """Logits z (N,) for X (N, D)."""
        return (X @ self.W + self.b)[:, 0]                     # (N, 1) -> (N,)

    def loss(self, X, y):
        """Mean binary cross-entropy, computed from the logits."""
        z = self.forward(X)
        y = y.astype(z.dtype)                                  # labels as numbers, like z
        return np.mean(softplus(z) - y * z)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        N = X.shape[0]
        z = self.forward(X)                                    # (N,)
        y = y.astype(z.dtype)                                  # labels as numbers, like z
        loss = np.mean(softplus(z) - y * z)
        dz = (sigmoid(z) - y) / N                              # dL/dz = (sigmoid(z) - y) / N
        dW = X.T @ dz[:, None]                                 # dL/dW = X^T dL/dz    (D, 1)
        db = dz.sum(keepdims=True)                             # dL/db = sum_i dL/dz_i (1,)
        grads = {"W": dW, "b": db}
        if input_grad:
            grads["X"] = dz[:, None] * self.W.T                # dL/dX = dL/dz W^T    (N, D)
        return loss, grads

    def step(self, X, y):
        """One gradient-descent step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        self.W -= self.lr * grads["W"]                          # W <- W - lr dL/dW
        self.b -= self.lr * grads["b"]                          # b <- b - lr dL/db
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features, classes=2)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """P(y = 1 | x) (N,) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return sigmoid(self.forward(X))

    def predict(self, X):
        """Class labels (N,) in {0, 1}: 1 where the logit is positive."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return (self.forward(X) > 0).astype(np.int64)
