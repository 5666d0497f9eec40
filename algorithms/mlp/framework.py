"""A multi-layer perceptron classifier trained by mini-batch SGD, in PyTorch.

Shapes: N samples, D features, K classes; layer l = 1..L maps H_{l-1} to H_l units.

    forward    nn.Linear layers with f = nn.ReLU / nn.Tanh / nn.Sigmoid between them;
               nn.Linear(H_{l-1}, H_l) stores weight = W_l^T (H_l, H_{l-1})
    loss       nn.CrossEntropyLoss()                 log_softmax + negative log-likelihood
    backward   loss.backward()                       autograd runs backpropagation
    update     optimizer.step()                      torch.optim.SGD: p <- p - lr p.grad

Initialization: nn.init.kaiming_normal_ before relu, nn.init.xavier_normal_ before tanh and
sigmoid; biases zero. The parameters are exposed under the scratch names (W1, b1, ...; W_l as
(H_{l-1}, H_l)) so that the two sides compare key by key.

Rung 4 of 4 of the ladder from scratch.py (README.md): rung_3_loss_optim.py held the weights
as a dict of loose tensors drawn by NumPy; here each layer is an nn.Linear in an nn.ModuleList,
registered with the module (self.parameters() finds them all) and initialized by nn.init from
torch's generator, and the activation is an nn.Module too.
"""

from itertools import pairwise

import numpy as np
import torch
from torch import nn

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, Options, Sizes, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


class MLP(nn.Module):
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
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Sizes(min_length=0),
                       "n_classes": Integer(low=2), "activation": Options(*ACTIVATIONS),
                       **TRAINING}

    def __init__(self, n_features, hidden=(32,), n_classes=2, activation="relu", lr=0.1,
                 epochs=100, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        generator = torch.Generator().manual_seed(seed)
        sizes = (n_features, *self.hidden, n_classes)
        self.layers = nn.ModuleList(
            nn.Linear(fan_in, fan_out, dtype=torch_dtype(dtype))
            for fan_in, fan_out in pairwise(sizes))
        for layer in self.layers:
            if activation == "relu":
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu", generator=generator)
            else:
                nn.init.xavier_normal_(layer.weight, generator=generator)
            nn.init.zeros_(layer.bias)
        self.to(device)
        self.f = ACTIVATIONS[activation]()
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by name (W1, b1, ..., WL, bL), as detached copies."""
        params = {}
        for l, layer in enumerate(self.layers, start=1):
            params[f"W{l}"] = layer.weight.detach().T.clone()   # (H_{l-1}, H_l)
            params[f"b{l}"] = layer.bias.detach().clone()       # (H_l,)
        return params

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for l, layer in enumerate(self.layers, start=1):
                layer.weight.copy_(to_tensor(state[f"W{l}"], self.device).T)
                layer.bias.copy_(to_tensor(state[f"b{l}"], self.device))

    def forward(self, X):
        """Logits Z_L (N, K) for X (N, D)."""
        A = X
        for layer in self.layers[:-1]:
            A = self.f(layer(A))                                # A_l = f(A_{l-1} W_l + b_l)
        return self.layers[-1](A)                               # (N, K)

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        return self.loss_fn(self(X), y)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                    # autograd tracks X too
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                         # autograd: backpropagation
        grads = {}
        for l, layer in enumerate(self.layers, start=1):
            grads[f"W{l}"] = layer.weight.grad.T
            grads[f"b{l}"] = layer.bias.grad
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                          # fills p.grad for every layer
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
