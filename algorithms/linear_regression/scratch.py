"""Linear regression trained by mini-batch gradient descent on the mean squared error, in NumPy.

Shapes: N samples, D features.

    forward    y_hat = X W + b                    X (N, D), W (D, 1), b (1,), y_hat (N,)
    loss       L = 1/N sum_i (y_hat_i - y_i)^2
    backward   dL/dy_hat = 2 (y_hat - y) / N      (N,)
               dL/dW = X^T dL/dy_hat              (D, 1)
               dL/db = sum_i dL/dy_hat_i          (1,)
               dL/dX = dL/dy_hat W^T              (N, D)
               (dL/dX is an outer product: broadcasting writes it twice as fast as a
               matmul with an inner dimension of 1)
    update     W <- W - lr dL/dW,  b <- b - lr dL/db

The minimum of L has a closed form (least squares); gradient descent reaches it at a rate set by
the conditioning of X^T X, which is why unscaled features need many epochs (see the project's
README.md).

Rung 1 of the ladder to framework.py (README.md): rung_2_autograd.py hands the gradients to
autograd, rung_3_loss_optim.py the loss and update to nn.MSELoss and torch.optim.SGD, and
framework.py the loose W and b to an nn.Linear inside an nn.Module.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters


class LinearRegression:
    """y_hat = X W + b, fitted by gradient descent on the mean squared error.

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

    def __init__(self, n_features, lr=0.01, epochs=100, batch_size=None, seed=0,
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
        """Predictions y_hat (N,) for X (N, D)."""
        return (X @ self.W + self.b)[:, 0]                     # (N, 1) -> (N,)

    def loss(self, X, y):
        """Mean squared error of the predictions for X against y."""
        y_hat = self.forward(X)
        return np.mean((y_hat - y) ** 2)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        N = X.shape[0]
        y_hat = self.forward(X)                                # (N,)
        loss = np.mean((y_hat - y) ** 2)
        dy_hat = (2 / N) * (y_hat - y)                         # dL/dy_hat = 2 (y_hat - y) / N
        dW = X.T @ dy_hat[:, None]                             # dL/dW = X^T dL/dy_hat    (D, 1)
        db = dy_hat.sum(keepdims=True)                         # dL/db = sum_i dL/dy_hat_i (1,)
        grads = {"W": dW, "b": db}
        if input_grad:
            grads["X"] = dy_hat[:, None] * self.W.T            # dL/dX = dL/dy_hat W^T    (N, D)
        return loss, grads

    def step(self, X, y):
        """One gradient-descent step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        self.W -= self.lr * grads["W"]                          # W <- W - lr dL/dW
        self.b -= self.lr * grads["b"]                          # b <- b - lr dL/db
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict(self, X):
        """Predictions (N,) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.forward(X)
