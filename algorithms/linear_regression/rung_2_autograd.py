"""Linear regression, rung 2 of 4: torch tensors and autograd; the loss and update by hand.

Shapes: N samples, D features.

    forward    y_hat = X W + b                    W (D, 1), b (1,): tensors with requires_grad
    loss       L = 1/N sum_i (y_hat_i - y_i)^2    written out, as in rung 1
    backward   loss.backward()                    autograd derives dL/dW, dL/db, dL/dX
    update     W <- W - lr W.grad, b <- b - lr b.grad   by hand, under torch.no_grad()

The one change from rung 1 (scratch.py): the four hand-derived gradient lines give way to
loss.backward(), which records the forward pass and runs the chain rule backwards through it.
Autograd accumulates into .grad, so each step clears it first. Rung 3 takes the loss from
nn.MSELoss and the update from torch.optim.SGD.
"""

import numpy as np
import torch

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype


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
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), **TRAINING}

    def __init__(self, n_features, lr=0.01, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64, device="cpu"):
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        options = {"dtype": torch_dtype(dtype), "device": device, "requires_grad": True}
        self.W = torch.zeros((n_features, 1), **options)        # (D, 1)
        self.b = torch.zeros(1, **options)                      # (1,)

    def state_dict(self):
        """The parameters by name, as detached copies."""
        return {"W": self.W.detach().clone(), "b": self.b.detach().clone()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {"W": self.W.shape, "b": self.b.shape})
        with torch.no_grad():
            self.W.copy_(to_tensor(state["W"], self.device))
            self.b.copy_(to_tensor(state["b"], self.device))

    def forward(self, X):
        """Predictions y_hat (N,) for X (N, D)."""
        return (X @ self.W + self.b)[:, 0]                     # (N, 1) -> (N,)

    def loss(self, X, y):
        """Mean squared error of the predictions for X against y."""
        y_hat = self.forward(X)
        return torch.mean((y_hat - y) ** 2)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                    # autograd tracks X too
        self.W.grad, self.b.grad = None, None                   # backward() adds to .grad
        loss = self.loss(X, y)
        loss.backward()                                         # autograd: dW, db (dX)
        grads = {"W": self.W.grad, "b": self.b.grad}
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One gradient-descent step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        with torch.no_grad():                                   # an update is not recorded
            self.W -= self.lr * grads["W"]                      # W <- W - lr dL/dW
            self.b -= self.lr * grads["b"]                      # b <- b - lr dL/db
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        X, y = to_tensor(X, self.device), to_tensor(y, self.device)
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict(self, X):
        """Predictions (N,) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self.forward(to_tensor(X, self.device)).cpu().numpy()
