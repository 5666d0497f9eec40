"""Binary logistic regression trained by mini-batch gradient descent, in PyTorch.

Shapes: N samples, D features; labels y in {0, 1}.

    forward    z = X W + b                   nn.Linear(D, 1) stores weight = W^T (1, D)
               p = torch.sigmoid(z)
    loss       nn.BCEWithLogitsLoss()        binary cross-entropy from the logits, stable
    backward   loss.backward()               autograd derives dL/dW, dL/db, dL/dX
    update     optimizer.step()              torch.optim.SGD: p <- p - lr p.grad

The parameters are exposed under the scratch names (W as (D, 1), b as (1,)) so that the two
sides compare key by key.
"""

import numpy as np
import torch
from torch import nn

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype


class LogisticRegression(nn.Module):
    """P(y = 1 | x) = sigmoid(x W + b), fitted by gradient descent on binary cross-entropy.

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

    def __init__(self, n_features, lr=0.1, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        self.linear = nn.Linear(n_features, 1, dtype=torch_dtype(dtype), device=device)
        nn.init.zeros_(self.linear.weight)                      # (1, D) = W^T
        nn.init.zeros_(self.linear.bias)                        # (1,)
        self.loss_fn = nn.BCEWithLogitsLoss()
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
        """Logits z (N,) for X (N, D)."""
        return self.linear(X)[:, 0]                             # (N, 1) -> (N,)

    def loss(self, X, y):
        """Mean binary cross-entropy, computed from the logits."""
        z = self(X)
        return self.loss_fn(z, y.to(z.dtype))

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                    # autograd tracks X too
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                         # autograd: dW, db (dX)
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
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features, classes=2)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        X, y = to_tensor(X, self.device), to_tensor(y, self.device)
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """P(y = 1 | x) (N,) for X (N, D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return torch.sigmoid(self(to_tensor(X, self.device))).cpu().numpy()

    def predict(self, X):
        """Class labels (N,) in {0, 1}: 1 where the logit is positive."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return (self(to_tensor(X, self.device)) > 0).long().cpu().numpy()
