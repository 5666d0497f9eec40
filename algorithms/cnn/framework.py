"""A LeNet-style convolutional network trained by mini-batch SGD, in PyTorch.

Shapes: N images of C x H x W pixels, given as rows of X (N, C H W); S conv stages with
C_1..C_S channels and k x k kernels; fully connected layers S+1..L with hidden sizes H_l and
K classes at the end.

    stage s    nn.Conv2d(C_{s-1}, C_s, k, padding=k // 2) -> nn.ReLU -> nn.MaxPool2d(2)
    flatten    nn.Flatten()                          (N, C_S H_S W_S / 4), channels first
    dense      nn.Linear layers with nn.ReLU between them; nn.Linear(H_{l-1}, H_l) stores
               weight = W_l^T (H_l, H_{l-1})
    loss       nn.CrossEntropyLoss()                 log_softmax + negative log-likelihood
    backward   loss.backward()                       autograd runs backpropagation
    update     optimizer.step()                      torch.optim.SGD: p <- p - lr p.grad

Initialization: nn.init.kaiming_normal_ (He) for kernels and weights, biases zero. The
parameters are exposed under the scratch names (K1, b1, ... for the convolutions, their weight
as is (C_s, C_{s-1}, k, k); W_l as (H_{l-1}, H_l) for the dense layers) so that the two sides
compare key by key.
"""

from itertools import pairwise

import numpy as np
import torch
from torch import nn

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
from algorithms._torch import to_tensor, torch_dtype


class CNN(nn.Module):
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
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "image_shape": Optional(Sizes(length=3)),
                       "channels": Sizes(), "kernel_size": Integer(low=1),
                       "hidden": Sizes(min_length=0), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, image_shape=None, channels=(6, 16), kernel_size=3,
                 hidden=(120, 84), n_classes=10, lr=0.1, epochs=10, batch_size=None, seed=0,
                 dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        if kernel_size % 2 == 0:
            raise InvalidHyperparameterError(f"kernel_size must be odd for 'same' padding; got "
                                             f"{kernel_size}")
        self.image_shape = check_image_shape(n_features, image_shape, len(self.channels))
        self.device = torch.device(device)
        generator = torch.Generator().manual_seed(seed)
        dtype_t = torch_dtype(dtype)
        self.convs = nn.ModuleList(
            nn.Conv2d(c_in, c_out, kernel_size, padding=kernel_size // 2, dtype=dtype_t)
            for c_in, c_out in pairwise((self.image_shape[0], *self.channels)))
        _, H, W = self.image_shape
        flat = self.channels[-1] * (H >> len(self.channels)) * (W >> len(self.channels))
        self.dense = nn.ModuleList(
            nn.Linear(fan_in, fan_out, dtype=dtype_t)
            for fan_in, fan_out in pairwise((flat, *self.hidden, n_classes)))
        for layer in (*self.convs, *self.dense):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu", generator=generator)
            nn.init.zeros_(layer.bias)
        self.to(device)
        self.features = nn.Sequential(*(module for conv in self.convs
                                        for module in (conv, nn.ReLU(), nn.MaxPool2d(2))))
        self.classifier = nn.Sequential(nn.Flatten(), *(
            module for layer in self.dense[:-1] for module in (layer, nn.ReLU())),
            self.dense[-1])
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def _named_layers(self):
        """(scratch index l, layer): conv stages 1..S, then dense layers S+1..L."""
        return enumerate((*self.convs, *self.dense), start=1)

    def state_dict(self):
        """The parameters by name (K1, b1, ..., KS, bS, W_{S+1}, b_{S+1}, ..., WL, bL), copies."""
        params = {}
        for l, layer in self._named_layers():
            if isinstance(layer, nn.Conv2d):
                params[f"K{l}"] = layer.weight.detach().clone()     # (C_s, C_{s-1}, k, k)
            else:
                params[f"W{l}"] = layer.weight.detach().T.clone()   # (H_{l-1}, H_l)
            params[f"b{l}"] = layer.bias.detach().clone()
        return params

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for l, layer in self._named_layers():
                if isinstance(layer, nn.Conv2d):
                    layer.weight.copy_(to_tensor(state[f"K{l}"], self.device))
                else:
                    layer.weight.copy_(to_tensor(state[f"W{l}"], self.device).T)
                layer.bias.copy_(to_tensor(state[f"b{l}"], self.device))

    def forward(self, X):
        """Logits Z_L (N, K) for X (N, C H W)."""
        images = X.reshape(len(X), *self.image_shape)                # (N, C, H, W)
        return self.classifier(self.features(images))                # (N, K)

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
        loss.backward()                                             # autograd: backpropagation
        grads = {}
        for l, layer in self._named_layers():
            if isinstance(layer, nn.Conv2d):
                grads[f"K{l}"] = layer.weight.grad
            else:
                grads[f"W{l}"] = layer.weight.grad.T
            grads[f"b{l}"] = layer.bias.grad
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                              # fills p.grad everywhere
        self.optimizer.step()                                       # p <- p - lr p.grad
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
        """Class probabilities P (N, K) for X (N, C H W), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return torch.softmax(self(to_tensor(X, self.device)), dim=1).cpu().numpy()

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=1).cpu().numpy()
