"""Optimizers in NumPy, written to follow torch.optim's update rules step for step.

Each optimizer holds named parameters (a dict of arrays) and updates them in place from
gradients of the same names. g is the gradient, p the parameter, t the step (from 1).

    SGD       g <- g + wd p                         (weight decay as an L2 gradient)
              b <- mu b + (1 - dampening) g         (b = g on the first step)
              g <- g + mu b if nesterov else b      (with momentum mu > 0)
              p <- p - lr g
    RMSprop   g <- g + wd p
              v <- alpha v + (1 - alpha) g^2
              v~ = v - m^2, m <- alpha m + (1 - alpha) g   when centered
              b <- mu b + g / (sqrt(v~) + eps);  p <- p - lr b      (momentum mu > 0)
              p <- p - lr g / (sqrt(v~) + eps)                      (otherwise)
    Adam      g <- g + wd p                         (L2, coupled into the moments)
              m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2
              v_max <- max(v_max, v) with amsgrad, used in place of v
              p <- p - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
    AdamW     p <- p (1 - lr wd)                    (decoupled weight decay: not in g)
              then the Adam update without weight decay

The 1 - beta^t factors correct the moments' bias towards their zero initialization: without
them the first steps of Adam are far too small.
"""

import numpy as np

from algorithms._params import Flag, InvalidHyperparameterError, Pair, Real, set_hyperparameters


class SGD:
    """Stochastic gradient descent with optional momentum, Nesterov and weight decay."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "momentum": Real(low=0),
                       "dampening": Real(low=0), "nesterov": Flag(), "weight_decay": Real(low=0)}

    def __init__(self, params, lr=0.01, momentum=0.0, dampening=0.0, nesterov=False,
                 weight_decay=0.0):
        set_hyperparameters(self, locals())
        if nesterov and (momentum <= 0 or dampening != 0):
            raise InvalidHyperparameterError("nesterov needs momentum > 0 and dampening 0")
        self.params = {name: np.array(value) for name, value in params.items()}
        self.buffers = {}

    def step(self, grads):
        """Update every parameter from its gradient."""
        for name, p in self.params.items():
            g = grads[name] + self.weight_decay * p                 # L2: d/dp (wd/2 |p|^2)
            if self.momentum:
                b = self.buffers.get(name)
                b = g.copy() if b is None else self.momentum * b + (1 - self.dampening) * g
                self.buffers[name] = b
                g = g + self.momentum * b if self.nesterov else b   # look ahead, or follow b
            p -= self.lr * g


class RMSprop:
    """Divide the step by a running root mean square of the gradients."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "alpha": Real(low=0, high=1, high_open=True),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0),
                       "momentum": Real(low=0), "centered": Flag()}

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        set_hyperparameters(self, locals())
        self.params = {name: np.array(value) for name, value in params.items()}
        self.square_avg = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.grad_avg = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.buffers = {name: np.zeros_like(p) for name, p in self.params.items()}

    def step(self, grads):
        """Update every parameter from its gradient."""
        for name, p in self.params.items():
            g = grads[name] + self.weight_decay * p
            v = self.square_avg[name]
            v *= self.alpha
            v += (1 - self.alpha) * g * g                           # v <- a v + (1 - a) g^2
            if self.centered:
                m = self.grad_avg[name]
                m *= self.alpha
                m += (1 - self.alpha) * g                           # m <- a m + (1 - a) g
                denominator = np.sqrt(v - m * m) + self.eps         # sqrt(variance) + eps
            else:
                denominator = np.sqrt(v) + self.eps
            if self.momentum:
                b = self.buffers[name]
                b *= self.momentum
                b += g / denominator
                p -= self.lr * b
            else:
                p -= self.lr * g / denominator


class Adam:
    """Adaptive moments, bias-corrected; weight decay as an L2 gradient (coupled)."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "betas": Pair(Real(low=0, high=1, high_open=True)),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0),
                       "amsgrad": Flag()}

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False):
        set_hyperparameters(self, locals())
        self.beta1, self.beta2 = betas
        self.params = {name: np.array(value) for name, value in params.items()}
        self.m = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.v = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.v_max = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.t = 0

    def step(self, grads):
        """Update every parameter from its gradient."""
        self.t += 1
        for name, p in self.params.items():
            self._update(name, p, grads[name] + self.weight_decay * p)

    def _update(self, name, p, g):
        m, v = self.m[name], self.v[name]
        m *= self.beta1
        m += (1 - self.beta1) * g                                   # first moment
        v *= self.beta2
        v += (1 - self.beta2) * g * g                               # second moment
        if self.amsgrad:
            np.maximum(self.v_max[name], v, out=self.v_max[name])
            v = self.v_max[name]
        m_hat = m / (1 - self.beta1**self.t)                        # bias corrections
        v_hat = v / (1 - self.beta2**self.t)
        p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: p shrinks by lr wd directly, not through g."""

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
                 amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)

    def step(self, grads):
        """Update every parameter from its gradient."""
        self.t += 1
        for name, p in self.params.items():
            p *= 1 - self.lr * self.weight_decay                    # decoupled decay
            self._update(name, p, grads[name])
