"""A LeNet-style convolutional network trained by mini-batch SGD, backpropagation by hand, NumPy.

Shapes: N images of C x H x W pixels, given as rows of X (N, C H W); S conv stages with
C_1..C_S channels and k x k kernels; fully connected layers S+1..L with hidden sizes H_l and
K classes at the end.

    stage s    Z_s = conv2d(A_{s-1}, K_s, b_s), "same" padding k // 2   (N, C_s, H_s, W_s)
               R_s = relu(Z_s)
               A_s = max_pool2d(R_s, 2)                                 (N, C_s, H_s/2, W_s/2)
    flatten    A = A_S.reshape(N, C_S H_S W_S / 4)
    dense      Z_l = A_{l-1} W_l + b_l, A_l = relu(Z_l) for l < L; Z_L = logits (N, K)
    loss       L = -1/N sum_i log softmax(Z_L)_i,y_i
    backward   dL/dZ_L = (softmax(Z_L) - Y) / N
               dense layers as in the MLP: dL/dW_l = A_{l-1}^T dZ_l, dL/db_l = sum_i dZ_l,
               dL/dA_{l-1} = dZ_l W_l^T, dL/dZ_{l-1} = dL/dA_{l-1} * [Z_{l-1} > 0]
               unflatten dL/dA_S to (N, C_S, H_S/2, W_S/2), then per stage, last first:
               dL/dR_s = max_pool2d_backward(R_s, dL/dA_s)    dY to each window's maximum
               dL/dZ_s = dL/dR_s * [Z_s > 0]                  relu' (0 at Z = 0, as torch)
               dL/dA_{s-1}, dL/dK_s, dL/db_s = conv2d_backward(A_{s-1}, K_s, b_s, dL/dZ_s)
               dL/dX = dL/dA_0 reshaped to (N, C H W)

The layers are the conv pair's scratch functions: algorithms/conv/scratch.py derives their
backward passes. Initialization: He normal (std sqrt(2 / fan_in), fan_in = C k^2 for a kernel),
biases zero.
"""

from itertools import pairwise

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._model_checks import check_image_shape
from algorithms._params import (
    TRAINING,
    Integer,
    InvalidHyperparameterError,
    Optional,
    Sizes,
    set_hyperparameters,
)
from algorithms.activations.scratch import log_softmax
from algorithms.conv.scratch import conv2d, conv2d_backward, max_pool2d, max_pool2d_backward


class CNN:
    """LeNet: (conv -> relu -> 2x2 max pool) per channel count, then dense relu layers.

    Parameters
    ----------
    n_features : int, pixels per image (C H W), the columns of X.
    image_shape : (C, H, W), or None for one channel of a square image.
    channels : sequence of int, output channels of each conv stage.
    kernel_size : odd int, the side k of every conv kernel ("same" padding keeps H and W).
    hidden : sequence of int, the sizes of the dense hidden layers.
    n_classes : int, the number of classes K (labels are 0..K-1).
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "image_shape": Optional(Sizes(length=3)),
                       "channels": Sizes(), "kernel_size": Integer(low=1),
                       "hidden": Sizes(min_length=0), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, image_shape=None, channels=(6, 16), kernel_size=3,
                 hidden=(120, 84), n_classes=10, lr=0.1, epochs=10, batch_size=None, seed=0,
                 dtype=np.float64):
        set_hyperparameters(self, locals())
        if kernel_size % 2 == 0:
            raise InvalidHyperparameterError(f"kernel_size must be odd for 'same' padding; got "
                                             f"{kernel_size}")
        self.image_shape = check_image_shape(n_features, image_shape, len(self.channels))
        self.n_stages = len(self.channels)
        rng = np.random.default_rng(seed)
        self.params = {}
        k = kernel_size
        for s, (c_in, c_out) in enumerate(pairwise((self.image_shape[0], *self.channels)), 1):
            std = np.sqrt(2 / (c_in * k * k))                           # He, fan_in = C k^2
            self.params[f"K{s}"] = (std * rng.standard_normal((c_out, c_in, k, k))
                                    ).astype(self.dtype)               # (C_s, C_{s-1}, k, k)
            self.params[f"b{s}"] = np.zeros(c_out, dtype=self.dtype)
        _, H, W = self.image_shape
        flat = self.channels[-1] * (H >> self.n_stages) * (W >> self.n_stages)
        sizes = (flat, *self.hidden, n_classes)
        for l, (fan_in, fan_out) in enumerate(pairwise(sizes), start=self.n_stages + 1):
            W_l = np.sqrt(2 / fan_in) * rng.standard_normal((fan_in, fan_out))  # He
            self.params[f"W{l}"] = W_l.astype(self.dtype)               # (H_{l-1}, H_l)
            self.params[f"b{l}"] = np.zeros(fan_out, dtype=self.dtype)
        self.n_layers = self.n_stages + len(sizes) - 1

    def state_dict(self):
        """The parameters by name (K1, b1, ..., KS, bS, W_{S+1}, b_{S+1}, ..., WL, bL), copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        self.params = {name: np.array(state[name], dtype=self.dtype) for name in self.params}

    def forward(self, X):
        """Logits Z_L (N, K) for X (N, C H W)."""
        return self._forward(X)[-1][0]

    def _forward(self, X):
        """[(Z, A) per stage and layer], (None, images) first; conv stages also keep R."""
        A = X.reshape(len(X), *self.image_shape)                       # (N, C, H, W)
        cache = [(None, A, None)]
        pad = self.kernel_size // 2
        for s in range(1, self.n_stages + 1):
            Z = conv2d(A, self.params[f"K{s}"], self.params[f"b{s}"], padding=pad)
            R = np.maximum(Z, 0)
            A = max_pool2d(R, 2)                                       # (N, C_s, H_s/2, W_s/2)
            cache.append((Z, A, R))
        A = A.reshape(len(X), -1)                                      # flatten (N, C_S H_S W_S/4)
        for l in range(self.n_stages + 1, self.n_layers + 1):
            Z = A @ self.params[f"W{l}"] + self.params[f"b{l}"]        # (N, H_l)
            A = np.maximum(Z, 0) if l < self.n_layers else Z
            cache.append((Z, A, None))
        return cache

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        log_P = log_softmax(self.forward(X))                           # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        N = X.shape[0]
        cache = self._forward(X)
        log_P = log_softmax(cache[-1][0])                              # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                             # P
        dZ[np.arange(N), y] -= 1                                       # P - Y
        dZ /= N                                                        # dL/dZ_L = (P - Y) / N
        grads = {}
        for l in range(self.n_layers, self.n_stages, -1):
            A_prev = cache[l - 1][1].reshape(N, -1)                    # (N, H_{l-1})
            grads[f"W{l}"] = A_prev.T @ dZ                             # dL/dW_l = A^T dZ_l
            grads[f"b{l}"] = dZ.sum(axis=0)                            # dL/db_l = sum_i dZ_l
            dA = dZ @ self.params[f"W{l}"].T                           # dL/dA_{l-1} = dZ_l W^T
            if l > self.n_stages + 1:
                dZ = dA * (cache[l - 1][0] > 0)                        # relu' = [Z > 0]
        pad = self.kernel_size // 2
        for s in range(self.n_stages, 0, -1):
            Z, A, R = cache[s]
            dA = dA.reshape(A.shape)                                   # unflatten at s = S
            dR = max_pool2d_backward(R, dA, 2)                         # dY to each window max
            dZ = dR * (Z > 0)                                          # relu' = [Z > 0]
            dA, grads[f"K{s}"], grads[f"b{s}"] = conv2d_backward(
                cache[s - 1][1], self.params[f"K{s}"], self.params[f"b{s}"], dZ, padding=pad,
                input_grad=s > 1 or input_grad)                        # dL/dX only if asked
        if input_grad:
            grads["X"] = dA.reshape(N, -1)                             # dL/dX (N, C H W)
        return loss, grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        for name in self.params:
            self.params[name] -= self.lr * grads[name]                 # p <- p - lr dL/dp
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
        """Class probabilities P (N, K) for X (N, C H W), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.forward(X).argmax(axis=1)
