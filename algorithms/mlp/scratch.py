"""A multi-layer perceptron classifier trained by mini-batch SGD, backpropagation by hand, NumPy.

Shapes: N samples, D features, K classes; layer l = 1..L maps H_{l-1} to H_l units, with
H_0 = D and H_L = K (the hidden sizes are H_1..H_{L-1}).

    forward    A_0 = X                                           (N, D)
               Z_l = A_{l-1} W_l + b_l                           W_l (H_{l-1}, H_l), b_l (H_l,)
               A_l = f(Z_l) for l < L                            f = relu, tanh or sigmoid
               Z_L = logits (N, K),  P = softmax(Z_L)
    loss       L = -1/N sum_i log P_i,y_i                        cross-entropy, class indices
    backward   dL/dZ_L = (P - Y) / N                             softmax + cross-entropy
               dL/dW_l = A_{l-1}^T dL/dZ_l                       (H_{l-1}, H_l)
               dL/db_l = sum_i dL/dZ_l                           (H_l,)
               dL/dA_{l-1} = dL/dZ_l W_l^T                       (N, H_{l-1})
               dL/dZ_{l-1} = dL/dA_{l-1} * f'(Z_{l-1})           elementwise
               dL/dX = dL/dA_0
    f'         relu' = [Z > 0] (0 at Z = 0, torch's convention), tanh' = 1 - A^2,
               sigmoid' = A (1 - A): the derivatives reuse the forward outputs A

Initialization: He normal (std sqrt(2 / fan_in)) before relu, Xavier/Glorot normal
(std sqrt(2 / (fan_in + fan_out))) before tanh and sigmoid; biases zero.

Rung 1 of the ladder to framework.py (README.md): rung_2_autograd.py hands backpropagation to
autograd, rung_3_loss_optim.py the loss and update to nn.CrossEntropyLoss and torch.optim.SGD,
and framework.py the loose weights to nn.Linear layers inside an nn.Module.
"""

from itertools import pairwise

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._params import TRAINING, Integer, Options, Sizes, set_hyperparameters
from algorithms.activations.scratch import log_softmax, sigmoid

ACTIVATIONS = ("relu", "tanh", "sigmoid")


def activate(name, Z):
    """f(Z) for the named activation."""
    if name == "relu":
        return np.maximum(Z, 0)
    return np.tanh(Z) if name == "tanh" else sigmoid(Z)


def activation_grad(name, Z, A):
    """f'(Z) for the named activation, from Z and the forward output A = f(Z)."""
    if name == "relu":
        return (Z > 0).astype(Z.dtype)                         # relu' = [Z > 0]
    return 1 - A**2 if name == "tanh" else A * (1 - A)         # tanh' = 1 - A^2, s' = s(1-s)


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
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Sizes(min_length=0),
                       "n_classes": Integer(low=2), "activation": Options(*ACTIVATIONS),
                       **TRAINING}

    def __init__(self, n_features, hidden=(32,), n_classes=2, activation="relu", lr=0.1,
                 epochs=100, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        rng = np.random.default_rng(seed)
        sizes = (n_features, *self.hidden, n_classes)
        self.params = {}
        for l, (fan_in, fan_out) in enumerate(pairwise(sizes), start=1):
            std = (np.sqrt(2 / fan_in) if activation == "relu"          # He
                   else np.sqrt(2 / (fan_in + fan_out)))                # Xavier/Glorot
            W = std * rng.standard_normal((fan_in, fan_out))    # (H_{l-1}, H_l)
            self.params[f"W{l}"] = W.astype(self.dtype)
            self.params[f"b{l}"] = np.zeros(fan_out, dtype=self.dtype)  # (H_l,)
        self.n_layers = len(sizes) - 1

    def state_dict(self):
        """The parameters by name (W1, b1, ..., WL, bL), as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        self.params = {name: np.array(state[name], dtype=self.dtype) for name in self.params}

    def forward(self, X):
        """Logits Z_L (N, K) for X (N, D)."""
        return self._forward(X)[-1][0]

    def _forward(self, X):
        """[(Z_l, A_l) for l = 0..L], with (None, X) first and the logits as Z_L."""
        cache = [(None, X)]
        A = X
        for l in range(1, self.n_layers + 1):
            Z = A @ self.params[f"W{l}"] + self.params[f"b{l}"]  # (N, H_l)
            A = activate(self.activation, Z) if l < self.n_layers else Z
            cache.append((Z, A))
        return cache

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        log_P = log_softmax(self.forward(X))                   # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        N = X.shape[0]
        cache = self._forward(X)
        log_P = log_softmax(cache[-1][0])                      # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                     # P
        dZ[np.arange(N), y] -= 1                               # P - Y
        dZ /= N                                                # dL/dZ_L = (P - Y) / N
        grads = {}
        for l in range(self.n_layers, 0, -1):
            A_prev = cache[l - 1][1]                            # (N, H_{l-1})
            grads[f"W{l}"] = A_prev.T @ dZ                     # dL/dW_l = A_{l-1}^T dL/dZ_l
            grads[f"b{l}"] = dZ.sum(axis=0)                    # dL/db_l = sum_i dL/dZ_l
            if l == 1 and not input_grad:
                break                                          # dL/dX: only when asked
            dA = dZ @ self.params[f"W{l}"].T                   # dL/dA_{l-1} = dL/dZ_l W_l^T
            if l > 1:
                Z_prev, _ = cache[l - 1]
                dZ = dA * activation_grad(self.activation, Z_prev, A_prev)  # dL/dZ_{l-1}
            else:
                grads["X"] = dA                                # dL/dX = dL/dA_0     (N, D)
        return loss, grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        for name in self.params:
            self.params[name] -= self.lr * grads[name]         # p <- p - lr dL/dp
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
