"""Optimizers with torch.optim: the parameters live in tensors, torch updates them.

Each class holds named parameters as tensors with requires_grad, hands the gradients to them as
p.grad, and calls the torch optimizer's step(), exactly as a training loop does after
loss.backward().
"""

import torch

from algorithms._inputs import check_gradients
from algorithms._params import Flag, InvalidHyperparameterError, Pair, Real, set_hyperparameters
from algorithms._torch import to_tensor


class _TorchOptimizer:
    """Named tensors and one torch.optim optimizer over them."""

    optimizer_class = None

    def __init__(self, params, device="cpu", **hyperparams):
        set_hyperparameters(self, hyperparams)
        self.params = {name: to_tensor(value, device).requires_grad_()
                       for name, value in params.items()}
        self.optimizer = self.optimizer_class(list(self.params.values()), **hyperparams)

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)
        for name, p in self.params.items():
            p.grad = to_tensor(grads[name], p.device, dtype=p.dtype)   # as backward() would
        self.optimizer.step()


class SGD(_TorchOptimizer):
    """torch.optim.SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "momentum": Real(low=0),
                       "dampening": Real(low=0), "nesterov": Flag(), "weight_decay": Real(low=0)}

    optimizer_class = torch.optim.SGD

    def __init__(self, params, lr=0.01, momentum=0.0, dampening=0.0, nesterov=False,
                 weight_decay=0.0, device="cpu"):
        if nesterov is True and (momentum <= 0 or dampening != 0):   # torch's own words differ
            raise InvalidHyperparameterError("nesterov needs momentum > 0 and dampening 0")
        super().__init__(params, device, lr=lr, momentum=momentum, dampening=dampening,
                         nesterov=nesterov, weight_decay=weight_decay)


class RMSprop(_TorchOptimizer):
    """torch.optim.RMSprop."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "alpha": Real(low=0, high=1, high_open=True),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0),
                       "momentum": Real(low=0), "centered": Flag()}

    optimizer_class = torch.optim.RMSprop

    def __init__(self, params, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False, device="cpu"):
        super().__init__(params, device, lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                         momentum=momentum, centered=centered)


class Adam(_TorchOptimizer):
    """torch.optim.Adam."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "betas": Pair(Real(low=0, high=1, high_open=True)),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0),
                       "amsgrad": Flag()}

    optimizer_class = torch.optim.Adam

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False, device="cpu"):
        super().__init__(params, device, lr=lr, betas=betas, eps=eps,
                         weight_decay=weight_decay, amsgrad=amsgrad)


class AdamW(_TorchOptimizer):
    """torch.optim.AdamW."""

    hyperparameters = Adam.hyperparameters

    optimizer_class = torch.optim.AdamW

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
                 amsgrad=False, device="cpu"):
        super().__init__(params, device, lr=lr, betas=betas, eps=eps,
                         weight_decay=weight_decay, amsgrad=amsgrad)


class Adagrad(_TorchOptimizer):
    """torch.optim.Adagrad."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "lr_decay": Real(low=0),
                       "weight_decay": Real(low=0), "initial_accumulator_value": Real(low=0),
                       "eps": Real(low=0, low_open=True)}

    optimizer_class = torch.optim.Adagrad

    def __init__(self, params, lr=0.01, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10, device="cpu"):
        super().__init__(params, device, lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                         initial_accumulator_value=initial_accumulator_value, eps=eps)


class Adadelta(_TorchOptimizer):
    """torch.optim.Adadelta."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "rho": Real(low=0, high=1),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0)}

    optimizer_class = torch.optim.Adadelta

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, device="cpu"):
        super().__init__(params, device, lr=lr, rho=rho, eps=eps, weight_decay=weight_decay)


class Adamax(_TorchOptimizer):
    """torch.optim.Adamax."""

    hyperparameters = {name: constraint for name, constraint in Adam.hyperparameters.items()
                       if name != "amsgrad"}

    optimizer_class = torch.optim.Adamax

    def __init__(self, params, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 device="cpu"):
        super().__init__(params, device, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)


class NAdam(_TorchOptimizer):
    """torch.optim.NAdam."""

    hyperparameters = {**Adamax.hyperparameters, "momentum_decay": Real(low=0),
                       "decoupled_weight_decay": Flag()}

    optimizer_class = torch.optim.NAdam

    def __init__(self, params, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 momentum_decay=0.004, decoupled_weight_decay=False, device="cpu"):
        super().__init__(params, device, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         momentum_decay=momentum_decay,
                         decoupled_weight_decay=decoupled_weight_decay)


class RAdam(_TorchOptimizer):
    """torch.optim.RAdam."""

    hyperparameters = {**Adamax.hyperparameters, "decoupled_weight_decay": Flag()}

    optimizer_class = torch.optim.RAdam

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 decoupled_weight_decay=False, device="cpu"):
        super().__init__(params, device, lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                         decoupled_weight_decay=decoupled_weight_decay)
