"""Softmax regression (multinomial logistic regression) trained by mini-batch SGD, in PyTorch.

Shapes: N samples, D features, K classes; labels y in 0..K-1.

    forward    Z = X W + b                  nn.Linear(D, K) stores weight = W^T (K, D)
               P = torch.softmax(Z, dim=1)
    loss       nn.CrossEntropyLoss()        log_softmax + negative log-likelihood, stable
    backward   loss.backward()              autograd derives dL/dZ = (P - Y) / N and the rest
    update     optimizer.step()             torch.optim.SGD: p <- p - lr p.grad

The parameters are exposed under the scratch names (W as (D, K), b as (K,)) so that the two
sides compare key by key.
"""

import numpy as np
import torch
from torch import nn

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype


class SoftmaxRegression(nn.Module):
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
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, n_classes=2, lr=0.1, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        self.linear = nn.Linear(n_features, n_classes, dtype=torch_dtype(dtype), device=device)
        nn.init.zeros_(self.linear.weight)                      # (K, D) = W^T
        nn.init.zeros_(self.linear.bias)                        # (K,)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by name, as detached copies."""
        return {"W": self.linear.weight.detach().T.clone(), "b": self.linear.bias.detach().clone()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            self.linear.weight.copy_(to_tensor(state["W"], self.device).T)
            self.linear.bias.copy_(to_tensor(state["b"], self.device))

    def forward(self, X):
        """Logits Z (N, K) for X (N, D)."""
        return self.linear(X)

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax(Z)."""
        return self.loss_fn(self(X), y)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                    # autograd tracks X too
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                         # autograd: dZ = (P - Y) / N, ...
        dW, db = self.linear.weight.grad.T, self.linear.bias.grad
        grads = {"W": dW, "b": db}
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One gradient-descent step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                          # fills p.grad for W and b
        self.optimizer.step()                                   # p <- p - lr p.grad
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features,
                         classes=self.n_classes)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        X, y = to_tensor(X, self.device), to_tensor(y, self.device)
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """Class probabilities P (N, K) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return torch.softmax(self(to_tensor(X, self.device)), dim=1).cpu().numpy()

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=1).cpu().numpy()
