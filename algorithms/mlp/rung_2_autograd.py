"""A multi-layer perceptron, rung 2 of 4: torch tensors and autograd; loss and update by hand.

Shapes: N samples, D features, K classes; layer l = 1..L maps H_{l-1} to H_l units.

    forward    Z_l = A_{l-1} W_l + b_l, A_l = f(Z_l)     written out, W_l (H_{l-1}, H_l)
    loss       L = -1/N sum_i log softmax(Z_L)_i,y_i     written out, as in rung 1
    backward   loss.backward()                           autograd runs backpropagation
    update     p <- p - lr p.grad for every parameter    by hand, under torch.no_grad()

The one change from rung 1 (scratch.py): the backward loop (dL/dZ_L = (P - Y) / N, then
dW, db, dA and f' layer by layer) gives way to loss.backward(). Autograd records every
operation of the forward pass and applies each one's chain rule in reverse, which is exactly
the loop rung 1 wrote. Autograd accumulates into .grad, so each step clears it first.

Initialization: as rung 1, He normal before relu, Xavier normal before tanh and sigmoid,
from NumPy's generator; biases zero. Rung 3 takes the loss from nn.CrossEntropyLoss and the
update from torch.optim.SGD.
"""

from itertools import pairwise

import numpy as np
import torch

from algorithms._inputs import check_batches, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, Options, Sizes, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype

ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


class MLP:
    """softmax(f(... f(X W_1 + b_1) ...) W_L + b_L), trained by SGD on cross-entropy.

    Parameters
    ----------
    n_features : int, the number of input features D.
    hidden : sequence of int, the sizes of the hidden layers (empty: softmax regression).
    n_classes : int, the number of classes K (labels are 0..K-1).
    activation : "relu", "tanh" or "sigmoid".
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Sizes(min_length=0),
                       "n_classes": Integer(low=2), "activation": Options(*ACTIVATIONS),
                       **TRAINING}

    def __init__(self, n_features, hidden=(32,), n_classes=2, activation="relu", lr=0.1,
                 epochs=100, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        rng = np.random.default_rng(seed)
        sizes = (n_features, *self.hidden, n_classes)
        options = {"dtype": torch_dtype(dtype), "device": device, "requires_grad": True}
        self.params = {}
        for l, (fan_in, fan_out) in enumerate(pairwise(sizes), start=1):
            std = (np.sqrt(2 / fan_in) if activation == "relu"          # He
                   else np.sqrt(2 / (fan_in + fan_out)))                # Xavier/Glorot
            W = std * rng.standard_normal((fan_in, fan_out))    # (H_{l-1}, H_l)
            self.params[f"W{l}"] = torch.tensor(W, **options)
            self.params[f"b{l}"] = torch.zeros(fan_out, **options)  # (H_l,)
        self.n_layers = len(sizes) - 1
        self.f = ACTIVATIONS[activation]

    def state_dict(self):
        """The parameters by name (W1, b1, ..., WL, bL), as detached copies."""
        return {name: value.detach().clone() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        with torch.no_grad():
            for name, value in self.params.items():
                value.copy_(to_tensor(state[name], self.device).reshape(value.shape))

    def forward(self, X):
        """Logits Z_L (N, K) for X (N, D)."""
        A = X
        for l in range(1, self.n_layers):
            A = self.f(A @ self.params[f"W{l}"] + self.params[f"b{l}"])  # A_l = f(Z_l)
        L = self.n_layers
        return A @ self.params[f"W{L}"] + self.params[f"b{L}"]  # (N, K)

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        Z = self.forward(X)
        log_P = Z - torch.logsumexp(Z, dim=1, keepdim=True)     # log softmax (N, K)
        return -torch.mean(log_P[torch.arange(len(y), device=y.device), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                    # autograd tracks X too
        for value in self.params.values():
            value.grad = None                                   # backward() adds to .grad
        loss = self.loss(X, y)
        loss.backward()                                         # autograd: backpropagation
        grads = {name: value.grad for name, value in self.params.items()}
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        with torch.no_grad():                                   # an update is not recorded
            for name, value in self.params.items():
                value -= self.lr * grads[name]                  # p <- p - lr dL/dp
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
            return torch.softmax(self.forward(to_tensor(X, self.device)), dim=1).cpu().numpy()

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self.forward(to_tensor(X, self.device)).argmax(dim=1).cpu().numpy()
