"""A GRU classifying sequences, trained by mini-batch SGD, in PyTorch.

Shapes: N sequences of T steps with D features each (a row of X holds them step after step,
X (N, T D)); H hidden units; K classes.

    recurrence nn.GRU(D, H, batch_first=True): gates r, z, n (in that order) from
               x_t W_ih^T + b_ih and h_{t-1} W_hh^T + b_hh; n = tanh(x_t W_in^T + b_in +
               r (h_{t-1} W_hn^T + b_hn)), h_t = (1 - z) n + z h_{t-1}; it stores
               weight_ih_l0 = W_x^T (3H, D), weight_hh_l0 = W_h^T (3H, H), and two biases
    output     nn.Linear(H, K) on the last hidden state h_T
    loss       nn.CrossEntropyLoss()                 log_softmax + negative log-likelihood
    backward   loss.backward()                       autograd unrolls the loop through time
    update     optimizer.step()                      torch.optim.SGD: p <- p - lr p.grad

Initialization: nn.init.uniform_(-1/sqrt(H), 1/sqrt(H)) for every weight and bias (nn.GRU's
own rule), from torch's generator. The parameters are exposed under the scratch names (W_x,
W_h, b_x, b_h, W_hy, b_y) so that the two sides compare key by key.
"""

import math

import numpy as np
import torch
from torch import nn

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._model_checks import check_sequence
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._torch import to_tensor, torch_dtype


class GRU(nn.Module):
    """One GRU layer read over the sequence, then a linear layer on the last hidden state.

    Parameters
    ----------
    n_features : int, the columns of X: T steps of D features.
    seq_len : int, the number of steps T.
    hidden : int, the hidden units H.
    n_classes : int, the number of classes K (labels are 0..K-1).
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "seq_len": Integer(low=1),
                       "hidden": Integer(low=1), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, seq_len=8, hidden=32, n_classes=10, lr=0.1, epochs=10,
                 batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.seq_len, self.step_features = check_sequence(n_features, seq_len)
        self.device = torch.device(device)
        self.gru = nn.GRU(self.step_features, hidden, batch_first=True,
                          dtype=torch_dtype(dtype))
        self.head = nn.Linear(hidden, n_classes, dtype=torch_dtype(dtype))
        generator = torch.Generator().manual_seed(seed)
        bound = 1 / math.sqrt(hidden)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound, generator=generator)
        self.to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def _named(self):
        """Scratch name -> (tensor, whether it is stored transposed)."""
        return {"W_x": (self.gru.weight_ih_l0, True), "W_h": (self.gru.weight_hh_l0, True),
                "b_x": (self.gru.bias_ih_l0, False), "b_h": (self.gru.bias_hh_l0, False),
                "W_hy": (self.head.weight, True), "b_y": (self.head.bias, False)}

    def state_dict(self):
        """The parameters by name (W_x, W_h, b_x, b_h, W_hy, b_y), as detached copies."""
        return {name: (value.detach().T if transposed else value.detach()).clone()
                for name, (value, transposed) in self._named().items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for name, (value, transposed) in self._named().items():
                given = to_tensor(state[name], self.device)
                value.copy_(given.T if transposed else given)

    def forward(self, X):
        """Logits Z (N, K) for X (N, T D)."""
        sequences = X.reshape(len(X), self.seq_len, -1)               # (N, T, D)
        _, last = self.gru(sequences)                                  # h_T (1, N, H)
        return self.head(last[0])                                      # (N, K)

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        return self.loss_fn(self(X), y)

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, by autograd; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                            # autograd tracks X too
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                                # autograd: BPTT
        grads = {name: value.grad.T if transposed else value.grad
                 for name, (value, transposed) in self._named().items()}
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                                 # fills p.grad
        self.optimizer.step()                                          # p <- p - lr p.grad
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
        """Class probabilities P (N, K) for X (N, T D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return torch.softmax(self(to_tensor(X, self.device)), dim=1).cpu().numpy()

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=1).cpu().numpy()
