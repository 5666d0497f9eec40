"""Learning-rate schedules and gradient clipping with torch: torch.optim.SGD driven by a
torch.optim.lr_scheduler, the gradients clipped by torch.nn.utils.

    step       p.grad = g; clip_grad_value_(params, clip_value); clip_grad_norm_(params,
               max_norm); optimizer.step(); scheduler.step()
    schedules  StepLR, ExponentialLR, CosineAnnealingLR, LinearLR, OneCycleLR: each sets
               param_groups[0]["lr"] (OneCycleLR its "momentum" too) for the next step,
               most of them from the last one (their chainable forms)
"""

import numpy as np
import torch
from torch.optim import lr_scheduler

from algorithms._inputs import check_gradients
from algorithms._model_checks import check_one_cycle
from algorithms._params import Flag, Integer, Optional, Options, Real, set_hyperparameters
from algorithms._torch import to_tensor

# what every scheduled optimizer takes: SGD's momentum and the two clippings
TRAINING = {"momentum": Real(low=0), "max_norm": Optional(Real(low=0, low_open=True)),
            "clip_value": Optional(Real(low=0, low_open=True))}


class _Scheduled:
    """torch.optim.SGD over named tensors, and a scheduler over the optimizer."""

    def __init__(self, params, lr, momentum, max_norm, clip_value, device, schedule):
        self.params = {name: to_tensor(value, device).requires_grad_()
                       for name, value in params.items()}
        self.optimizer = torch.optim.SGD(list(self.params.values()), lr=lr, momentum=momentum)
        self.scheduler = schedule(self.optimizer)
        self.max_norm, self.clip_value = max_norm, clip_value

    def step(self, grads):
        """One SGD step at the scheduled rate on the clipped gradients; then the schedule's."""
        check_gradients(grads, self.params)
        for name, p in self.params.items():
            p.grad = to_tensor(grads[name], p.device, dtype=p.dtype)   # as backward() would
        if self.clip_value is not None:
            torch.nn.utils.clip_grad_value_(self.params.values(), self.clip_value)
        if self.max_norm is not None:
            torch.nn.utils.clip_grad_norm_(self.params.values(), self.max_norm)
        self.optimizer.step()
        self.scheduler.step()

    @property
    def scheduled(self):
        """What the schedule has set for the next step: {"lr", "momentum"}."""
        group = self.optimizer.param_groups[0]
        return {"lr": np.array(float(group["lr"])), "momentum": np.array(group["momentum"])}


class StepLR(_Scheduled):
    """torch.optim.lr_scheduler.StepLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "step_size": Integer(low=1),
                       "gamma": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, step_size=10, gamma=0.1, momentum=0.0, max_norm=None,
                 clip_value=None, device="cpu"):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value, device,
                         lambda optimizer: lr_scheduler.StepLR(optimizer, step_size, gamma))


class ExponentialLR(_Scheduled):
    """torch.optim.lr_scheduler.ExponentialLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "gamma": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, gamma=0.95, momentum=0.0, max_norm=None,
                 clip_value=None, device="cpu"):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value, device,
                         lambda optimizer: lr_scheduler.ExponentialLR(optimizer, gamma))


class CosineAnnealingLR(_Scheduled):
    """torch.optim.lr_scheduler.CosineAnnealingLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "T_max": Integer(low=1),
                       "eta_min": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, T_max=50, eta_min=0.0, momentum=0.0, max_norm=None,
                 clip_value=None, device="cpu"):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value, device,
                         lambda optimizer: lr_scheduler.CosineAnnealingLR(optimizer, T_max,
                                                                          eta_min))


class LinearLR(_Scheduled):
    """torch.optim.lr_scheduler.LinearLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "start_factor": Real(low=0, high=1, low_open=True),
                       "end_factor": Real(low=0, high=1), "total_iters": Integer(low=1),
                       **TRAINING}

    def __init__(self, params, lr=0.1, start_factor=1 / 3, end_factor=1.0, total_iters=5,
                 momentum=0.0, max_norm=None, clip_value=None, device="cpu"):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value, device,
                         lambda optimizer: lr_scheduler.LinearLR(
                             optimizer, start_factor, end_factor, total_iters))


class OneCycleLR(_Scheduled):
    """torch.optim.lr_scheduler.OneCycleLR over SGD."""

    hyperparameters = {"max_lr": Real(low=0, low_open=True), "total_steps": Integer(low=1),
                       "pct_start": Real(low=0, high=1),
                       "anneal_strategy": Options("cos", "linear"),
                       "cycle_momentum": Flag(), "base_momentum": Real(low=0),
                       "max_momentum": Real(low=0), "div_factor": Real(low=0, low_open=True),
                       "final_div_factor": Real(low=0, low_open=True), "three_phase": Flag(),
                       **TRAINING}

    def __init__(self, params, max_lr=0.1, total_steps=100, pct_start=0.3,
                 anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85,
                 max_momentum=0.95, div_factor=25.0, final_div_factor=1e4, three_phase=False,
                 momentum=0.0, max_norm=None, clip_value=None, device="cpu"):
        set_hyperparameters(self, locals())
        check_one_cycle(total_steps, pct_start, three_phase)
        super().__init__(params, max_lr, momentum, max_norm, clip_value, device,
                         lambda optimizer: lr_scheduler.OneCycleLR(
                             optimizer, max_lr, total_steps=total_steps,
                             pct_start=float(pct_start),               # torch wants a float
                             anneal_strategy=anneal_strategy, cycle_momentum=cycle_momentum,
                             base_momentum=base_momentum, max_momentum=max_momentum,
                             div_factor=div_factor, final_div_factor=final_div_factor,
                             three_phase=three_phase))
