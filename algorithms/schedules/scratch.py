"""Learning-rate schedules and gradient clipping in NumPy, driving the optimizers pair's SGD, as
torch.optim.lr_scheduler and torch.nn.utils compute them.

Step t = 0, 1, 2, ... of training uses lr_t; then the schedule moves on to lr_{t+1} (torch's
order: optimizer.step(), then scheduler.step()). lr is the starting rate.

    StepLR             lr_t = lr gamma^floor(t / step_size)            (drops every step_size)
    ExponentialLR      lr_t = lr gamma^t
    CosineAnnealingLR  lr_t = eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2
    LinearLR           lr_t = lr (s + (e - s) min(t, total_iters) / total_iters)   (warm-up:
                       the factor runs from s = start_factor to e = end_factor, then stays)
    OneCycleLR         lr runs from max_lr / div_factor up to max_lr over the first pct_start
                       of total_steps, then down to max_lr / (div_factor final_div_factor), each
                       phase a half cosine (or a line); the momentum runs the other way, from
                       max_momentum down to base_momentum and back (three_phase: up, down to
                       the start, then down to the end)

Gradient clipping, before the step:

    clip_value         g <- min(max(g, -clip_value), clip_value), entry by entry
    max_norm           g <- g min(1, max_norm / (|g| + 1e-6)), |g| the norm of every
                       parameter's gradient together, as one vector (clip_grad_norm_)

torch computes most schedules recursively, lr_{t+1} from lr_t (so that schedules can be
chained); the closed forms here are the same numbers to rounding, and say what the schedule is.
"""

import math

import numpy as np

from algorithms._inputs import check_gradients
from algorithms._model_checks import check_one_cycle
from algorithms._params import (
    Flag,
    Integer,
    Optional,
    Options,
    Real,
    set_hyperparameters,
)
from algorithms.optimizers.scratch import SGD

# what every scheduled optimizer takes: SGD's momentum and the two clippings
TRAINING = {"momentum": Real(low=0), "max_norm": Optional(Real(low=0, low_open=True)),
            "clip_value": Optional(Real(low=0, low_open=True))}


def clipped(grads, clip_value, max_norm):
    """The gradients clipped entry by entry to [-clip_value, clip_value], then scaled as one
    vector to a norm of at most max_norm (either None: not clipped that way)."""
    if clip_value is not None:
        grads = {name: np.clip(g, -clip_value, clip_value) for name, g in grads.items()}
    if max_norm is not None:
        norms = np.array([np.sqrt((g * g).sum()) for g in grads.values()])   # per parameter
        total = np.sqrt((norms * norms).sum())                         # |g| of all together
        scale = min(max_norm / (total + 1e-6), 1.0)
        grads = {name: g * scale for name, g in grads.items()}
    return grads


class _Scheduled:
    """SGD whose learning rate (and momentum) a schedule sets before every step."""

    def __init__(self, params, lr, momentum, max_norm, clip_value):
        self.optimizer = SGD(params, lr=lr, momentum=momentum)
        self.params = self.optimizer.params                            # updated in place
        self.base_lr, self.t = lr, 0
        self.max_norm, self.clip_value = max_norm, clip_value
        self.optimizer.lr = self._rate(0)

    def _rate(self, t):
        """lr_t, the closed form."""
        raise NotImplementedError

    def step(self, grads):
        """One SGD step at lr_t on the clipped gradients; then t <- t + 1."""
        check_gradients(grads, self.params)
        grads = {name: np.asarray(grads[name], dtype=p.dtype)        # as torch sets p.grad
                 for name, p in self.params.items()}
        self.optimizer.step(clipped(grads, self.clip_value, self.max_norm))
        self.t += 1
        self.optimizer.lr = self._rate(self.t)

    @property
    def scheduled(self):
        """What the schedule has set for the next step: {"lr", "momentum"}."""
        return {"lr": np.array(self.optimizer.lr), "momentum": np.array(self.optimizer.momentum)}


class StepLR(_Scheduled):
    """lr_t = lr gamma^floor(t / step_size): torch.optim.lr_scheduler.StepLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "step_size": Integer(low=1),
                       "gamma": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, step_size=10, gamma=0.1, momentum=0.0, max_norm=None,
                 clip_value=None):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value)

    def _rate(self, t):
        return self.base_lr * self.gamma ** (t // self.step_size)


class ExponentialLR(_Scheduled):
    """lr_t = lr gamma^t: torch.optim.lr_scheduler.ExponentialLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "gamma": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, gamma=0.95, momentum=0.0, max_norm=None,
                 clip_value=None):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value)

    def _rate(self, t):
        return self.base_lr * self.gamma**t


class CosineAnnealingLR(_Scheduled):
    """lr_t = eta_min + (lr - eta_min) (1 + cos(pi t / T_max)) / 2, a half cosine from lr down
    to eta_min at t = T_max (and back up after, as torch's): CosineAnnealingLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "T_max": Integer(low=1),
                       "eta_min": Real(low=0), **TRAINING}

    def __init__(self, params, lr=0.1, T_max=50, eta_min=0.0, momentum=0.0, max_norm=None,
                 clip_value=None):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value)

    def _rate(self, t):
        return (self.eta_min
                + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * t / self.T_max)) / 2)


class LinearLR(_Scheduled):
    """lr_t = lr (s + (e - s) min(t, total_iters) / total_iters): a linear warm-up (or decay)
    of the factor from start_factor to end_factor: LinearLR over SGD."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "start_factor": Real(low=0, high=1, low_open=True),
                       "end_factor": Real(low=0, high=1), "total_iters": Integer(low=1),
                       **TRAINING}

    def __init__(self, params, lr=0.1, start_factor=1 / 3, end_factor=1.0, total_iters=5,
                 momentum=0.0, max_norm=None, clip_value=None):
        set_hyperparameters(self, locals())
        super().__init__(params, lr, momentum, max_norm, clip_value)

    def _rate(self, t):
        progress = min(t, self.total_iters) / self.total_iters
        return self.base_lr * (self.start_factor
                               + (self.end_factor - self.start_factor) * progress)


class OneCycleLR(_Scheduled):
    """Up to max_lr and down far below where it started, in one cycle of total_steps, the
    momentum the other way (Smith's one-cycle policy): OneCycleLR over SGD."""

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
                 momentum=0.0, max_norm=None, clip_value=None):
        set_hyperparameters(self, locals())
        check_one_cycle(total_steps, pct_start, three_phase)
        start, peak = max_lr / div_factor, max_lr
        end = start / final_div_factor
        rise = float(pct_start * total_steps) - 1                      # the step lr peaks at
        if three_phase:                                                # (last step, lr, momentum)
            self.phases = [(rise, start, peak, max_momentum, base_momentum),
                           (2 * rise, peak, start, base_momentum, max_momentum),
                           (total_steps - 1, start, end, max_momentum, max_momentum)]
        else:
            self.phases = [(rise, start, peak, max_momentum, base_momentum),
                           (total_steps - 1, peak, end, base_momentum, max_momentum)]
        super().__init__(params, max_lr, max_momentum if cycle_momentum else momentum,
                         max_norm, clip_value)

    def _anneal(self, first, last, fraction):
        if self.anneal_strategy == "cos":
            return last + (first - last) / 2.0 * (math.cos(math.pi * fraction) + 1)
        return (last - first) * fraction + first

    def _rate(self, t):
        """lr_t, and the momentum of step t set on the way (cycle_momentum)."""
        if t > self.total_steps:
            raise ValueError(f"Tried to step {t} times. The specified number of total steps "
                             f"is {self.total_steps}")
        begin, phase = 0.0, self.phases[-1]
        for candidate in self.phases[:-1]:             # the first phase that has not ended
            if t <= candidate[0]:
                phase = candidate
                break
            begin = candidate[0]
        end, lr_from, lr_to, momentum_from, momentum_to = phase
        fraction = (t - begin) / (end - begin)                         # through the phase
        if self.cycle_momentum:
            self.optimizer.momentum = self._anneal(momentum_from, momentum_to, fraction)
        return self._anneal(lr_from, lr_to, fraction)
