"""Optimizers in NumPy, written to follow torch.optim's update rules step for step.

Each optimizer holds named parameters (a dict of arrays) and updates them in place from
gradients of the same names. g is the gradient, p the parameter, t the step (from 1).

    SGD       g <- g + wd p                         (weight decay as an L2 gradient)
              b <- mu b + (1 - dampening) g         (b = g on the first step)
              g <- g + mu b if nesterov else b      (with momentum mu > 0)
              p <- p - lr g
    RMSprop   g <- g + wd p
              v <- alpha v + (1 - alpha) g^2
              m <- alpha m + (1 - alpha) g,  v~ = v - m^2   when centered (else v~ = v)
              b <- mu b + g / (sqrt(v~) + eps);  p <- p - lr b      (momentum mu > 0)
              p <- p - lr g / (sqrt(v~) + eps)                      (otherwise)
    Adam      g <- g + wd p                         (L2, coupled into the moments)
              m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2
              v_max <- max(v_max, v) with amsgrad, used in place of v
              p <- p - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
    AdamW     p <- p (1 - lr wd)                    (decoupled weight decay: not in g)
              then the Adam update without weight decay
    Adagrad   s <- s + g^2;  p <- p - lr_t g / (sqrt(s) + eps),  lr_t = lr / (1 + (t - 1) decay)
    Adadelta  v <- rho v + (1 - rho) g^2
              d = sqrt(u + eps) / sqrt(v + eps) g;  u <- rho u + (1 - rho) d^2;  p <- p - lr d
    Adamax    m <- m + (1 - beta1) (g - m),   u <- max(beta2 u, |g| + eps)   (an infinity norm)
              p <- p - lr / (1 - beta1^t) m / u
    NAdam     mu_t = beta1 (1 - 0.96^(t psi) / 2),  M_t = mu_1 ... mu_t      (psi: momentum decay)
              m, v as Adam's;  d = sqrt(v / (1 - beta2^t)) + eps
              p <- p - lr (1 - mu_t) / (1 - M_t) g / d - lr mu_{t+1} / (1 - M_t mu_{t+1}) m / d
    RAdam     m, v as Adam's;  rho_inf = 2 / (1 - beta2) - 1,
              rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)     (the variance's length)
              rho_t > 5: p <- p - lr m^ r_t sqrt(1 - beta2^t) / (sqrt(v) + eps),
              r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
              otherwise p <- p - lr m^   (momentum alone while v is too young to trust)
    Adagrad, Adadelta, Adamax, NAdam and RAdam add wd p to g first; NAdam and RAdam decay p
    by (1 - lr wd) instead with decoupled_weight_decay.

The 1 - beta^t factors correct the moments' bias towards their zero initialization: without
them the first steps of Adam are far too small.

Every update is elementwise, so a large parameter is updated in blocks of its entries, one per
thread (in_blocks), with the result of the whole update bit for bit. Each update writes in
place (`out=`, `*=`) into a few work arrays: a fresh array per operation cost more than the
arithmetic at a million entries. The operations keep the order of the plain expression written
beside them (torch's order, which may group a formula above differently, such as Adam's
sqrt(v) / sqrt(1 - beta2^t)), so that the result is the one that expression gives, bit for bit.
A gradient is taken in its parameter's dtype, as torch takes it.
"""

import functools
import itertools
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from algorithms._inputs import check_gradients
from algorithms._params import (
    Flag,
    Integer,
    InvalidHyperparameterError,
    Pair,
    Real,
    check_hyperparameter,
    set_hyperparameters,
)

# --- every entry at once, on every core -----------------------------------------------------
# Each update below is elementwise: an entry's new value depends on that entry alone. So a
# large parameter can be updated in blocks of its entries, one block per thread, and give the
# result the whole would, bit for bit. NumPy runs each operation on one core and releases the
# GIL while it runs; torch splits its elementwise loops over the cores the same way.

BLOCK = 1 << 18                 # entries a block at least: handing a block to a thread costs
                                # about 0.1 ms, what a pass over 2^18 floats does
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
_threads = {"count": CORES, "pool": None, "pool_size": 0}
# a forked child has the pool object but none of its threads: it makes its own
os.register_at_fork(after_in_child=lambda: _threads.update(pool=None, pool_size=0))


def set_num_threads(count):
    """The threads a large parameter's update is split over (as torch.set_num_threads)."""
    _threads["count"] = check_hyperparameter("count", count, Integer(low=1))


def in_blocks(update, *arrays):
    """update(*arrays), an elementwise update of the first array in place, run over equal
    blocks of the arrays' entries at once, one per thread, where there are entries enough.
    The update runs whole unless the arrays share one shape and are all C-contiguous (so that
    each block is a view, written through)."""
    arrays = [np.asarray(array) for array in arrays]                   # the same ndarrays
    count = min(_threads["count"], arrays[0].size // BLOCK)
    if count <= 1 or not all(array.shape == arrays[0].shape and array.flags.c_contiguous
                             for array in arrays):
        update(*arrays)
        return
    if _threads["pool_size"] < count:
        if _threads["pool"] is not None:
            _threads["pool"].shutdown()
        _threads.update(pool=ThreadPoolExecutor(count), pool_size=count)
    flat = [array.reshape(-1) for array in arrays]                     # views: (size,)
    cuts = [len(flat[0]) * i // count for i in range(count + 1)]
    blocks = [[array[begin:end] for array in flat] for begin, end in itertools.pairwise(cuts)]
    pending = [_threads["pool"].submit(update, *block) for block in blocks[1:]]
    try:
        update(*blocks[0])                                             # this thread's share
    finally:
        for future in pending:                                         # all done, or raised
            future.result()


def _gradient(grads, name, p):
    """grads[name] in p's dtype (torch casts a gradient to its parameter's dtype too)."""
    return np.asarray(grads[name], dtype=p.dtype)


def _with_decay(p, g, weight_decay):
    """g + wd p: weight decay as the gradient of the L2 penalty wd/2 |p|^2."""
    if not weight_decay:
        return g
    decayed = np.multiply(p, weight_decay)
    decayed += g                                                       # g + wd p
    return decayed


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
        self.buffers = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.started = set()                   # names whose b was set: b = g at the first
                                               # step with momentum, whenever that is

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)
        for name, p in self.params.items():
            starting = self.momentum and name not in self.started
            if self.momentum:
                self.started.add(name)
            in_blocks(functools.partial(self._update, starting=starting), p,
                      _gradient(grads, name, p),
                      self.buffers[name])

    def _update(self, p, g, b, starting):
        g = _with_decay(p, g, self.weight_decay)                       # L2
        if self.momentum:
            if starting:                                               # as torch: b <- g on the
                np.copyto(b, g)                                        # first step with momentum
            else:
                b *= self.momentum
                b += (1 - self.dampening) * g                          # b <- mu b + (1 - d) g
            if self.nesterov:
                step = np.multiply(b, self.momentum)
                step += g
                step *= self.lr
                p -= step                                              # look ahead: lr (g + mu b)
                return
            g = b                                                      # follow b
        p -= self.lr * g                                               # p <- p - lr g


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
        check_gradients(grads, self.params)
        for name, p in self.params.items():
            in_blocks(self._update, p, _gradient(grads, name, p), self.square_avg[name],
                      self.grad_avg[name], self.buffers[name])

    def _update(self, p, g, v, m, b):
        g = _with_decay(p, g, self.weight_decay)
        work = np.multiply(g, 1 - self.alpha)
        work *= g
        v *= self.alpha
        v += work                                                      # v <- a v + (1 - a) g^2
        denominator = work                     # the same array: den, then g / den, then lr b
        if self.centered:
            np.multiply(g, 1 - self.alpha, out=work)
            m *= self.alpha
            m += work                                                  # m <- a m + (1 - a) g
            np.multiply(m, m, out=denominator)
            np.subtract(v, denominator, out=denominator)               # the variance v - m^2
            np.sqrt(denominator, out=denominator)
        else:
            np.sqrt(v, out=denominator)
        denominator += self.eps                                        # sqrt(v~) + eps
        if self.momentum:
            b *= self.momentum
            b += np.divide(g, denominator, out=work)                   # b <- mu b + g / den
            p -= np.multiply(b, self.lr, out=work)                     # p <- p - lr b
        else:
            step = np.multiply(g, self.lr)
            step /= denominator
            p -= step                                                  # p <- p - lr g / den


class Adam:
    """Adaptive moments, bias-corrected; weight decay as an L2 gradient (coupled)."""

    hyperparameters = {"lr": Real(low=0, low_open=True),
                       "betas": Pair(Real(low=0, high=1, high_open=True)),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0),
                       "amsgrad": Flag()}

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False):
        set_hyperparameters(self, locals())
        self._start(params, betas, ("m", "v", "v_max"))

    def _start(self, params, betas, moments):
        """Copies of the parameters, beta1 and beta2, step 0, and for each name in `moments` a
        running statistic per parameter, at 0 (Adam's family shares this start)."""
        self.beta1, self.beta2 = betas
        self.params = {name: np.array(value) for name, value in params.items()}
        self.moments = moments
        for moment in moments:
            setattr(self, moment, {name: np.zeros_like(p) for name, p in self.params.items()})
        self.t = 0

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)
        self.t += 1
        for name, p in self.params.items():
            in_blocks(self._update, p, _gradient(grads, name, p),
                      *(getattr(self, moment)[name] for moment in self.moments))

    def _update(self, p, g, m, v, v_max):
        g = _with_decay(p, g, self.weight_decay)                       # L2, coupled
        self._adam(p, g, m, v, v_max)

    def _adam(self, p, g, m, v, v_max=None):
        work = np.multiply(g, 1 - self.beta1)
        m *= self.beta1
        m += work                                                      # m <- b1 m + (1 - b1) g
        np.multiply(g, 1 - self.beta2, out=work)
        work *= g
        v *= self.beta2
        v += work                                                      # v <- b2 v + (1 - b2) g^2
        if self.amsgrad:
            np.maximum(v_max, v, out=v_max)
            v = v_max
        correction1, correction2 = 1 - self.beta1**self.t, 1 - self.beta2**self.t
        # p <- p - lr m^ / (sqrt(v^) + eps), m^ = m / correction1, v^ = v / correction2: the
        # bias corrections folded into scalars, as torch does, so that only sqrt(v) is a pass
        denominator = np.sqrt(v, out=work)
        denominator /= correction2**0.5
        denominator += self.eps                                        # sqrt(v^) + eps
        step = np.multiply(m, self.lr / correction1)
        step /= denominator
        p -= step                          # p <- p - lr / c1 m / (sqrt(v) / sqrt(c2) + eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: p shrinks by lr wd directly, not through g."""

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01,
                 amsgrad=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad)

    def _update(self, p, g, m, v, v_max):
        p *= 1 - self.lr * self.weight_decay                           # decoupled decay
        self._adam(p, g, m, v, v_max)


class Adagrad:
    """Divide each coordinate's step by the root of its summed squared gradients."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "lr_decay": Real(low=0),
                       "weight_decay": Real(low=0), "initial_accumulator_value": Real(low=0),
                       "eps": Real(low=0, low_open=True)}

    def __init__(self, params, lr=0.01, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10):
        set_hyperparameters(self, locals())
        self.params = {name: np.array(value) for name, value in params.items()}
        self.sums = {name: np.full_like(p, initial_accumulator_value)
                     for name, p in self.params.items()}
        self.t = 0

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)
        self.t += 1
        for name, p in self.params.items():
            in_blocks(self._update, p, _gradient(grads, name, p), self.sums[name])

    def _update(self, p, g, s):
        lr = self.lr / (1 + (self.t - 1) * self.lr_decay)             # lr_t
        g = _with_decay(p, g, self.weight_decay)
        work = np.multiply(g, g)
        s += work                                                      # s <- s + g^2
        denominator = np.sqrt(s, out=work)
        denominator += self.eps
        step = np.multiply(g, lr)
        step /= denominator
        p -= step                                                      # p <- p - lr g / den


class Adadelta:
    """Steps in the units of the parameters: the root of past squared steps over the root of
    past squared gradients."""

    hyperparameters = {"lr": Real(low=0, low_open=True), "rho": Real(low=0, high=1),
                       "eps": Real(low=0, low_open=True), "weight_decay": Real(low=0)}

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0):
        set_hyperparameters(self, locals())
        self.params = {name: np.array(value) for name, value in params.items()}
        self.square_avg = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.delta_avg = {name: np.zeros_like(p) for name, p in self.params.items()}

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)
        for name, p in self.params.items():
            in_blocks(self._update, p, _gradient(grads, name, p), self.square_avg[name],
                      self.delta_avg[name])

    def _update(self, p, g, v, u):
        g = _with_decay(p, g, self.weight_decay)
        work = np.multiply(g, 1 - self.rho)
        work *= g
        v *= self.rho
        v += work                                                      # v <- rho v + (1-rho) g^2
        delta = np.add(u, self.eps)
        np.sqrt(delta, out=delta)
        delta /= np.sqrt(np.add(v, self.eps, out=work), out=work)
        delta *= g                                 # sqrt(u + eps) / sqrt(v + eps) g: RMS ratio
        np.multiply(delta, 1 - self.rho, out=work)
        work *= delta
        u *= self.rho
        u += work                                                      # u <- rho u + (1-rho) d^2
        p -= np.multiply(delta, self.lr, out=work)                     # p <- p - lr d


class Adamax(Adam):
    """Adam with the infinity norm: u <- max(beta2 u, |g| + eps) in place of the squared
    average."""

    hyperparameters = {name: constraint for name, constraint in Adam.hyperparameters.items()
                       if name != "amsgrad"}

    def __init__(self, params, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        set_hyperparameters(self, locals())
        self._start(params, betas, ("m", "u"))                          # u: the infinity norm

    def _update(self, p, g, m, u):
        g = _with_decay(p, g, self.weight_decay)
        work = np.subtract(g, m)
        work *= 1 - self.beta1
        m += work                                  # m <- m + (1 - b1)(g - m), torch's lerp
        u *= self.beta2
        np.maximum(u, np.add(np.abs(g, out=work), self.eps, out=work), out=u)  # max(b2 u, |g|+eps)
        step = np.multiply(m, self.lr / (1 - self.beta1**self.t), out=work)
        step /= u
        p -= step                                  # p <- p - lr / (1 - b1^t) m / u


class NAdam(Adam):
    """Adam with Nesterov momentum: the step looks ahead with next step's momentum, whose
    weight mu_t warms up from beta1 / 2 towards beta1."""

    hyperparameters = {**Adamax.hyperparameters, "momentum_decay": Real(low=0),
                       "decoupled_weight_decay": Flag()}

    def __init__(self, params, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 momentum_decay=0.004, decoupled_weight_decay=False):
        set_hyperparameters(self, locals())
        self._start(params, betas, ("m", "v"))
        self.mu_product = 1.0                                          # M_0

    def step(self, grads):
        """Update every parameter from its gradient."""
        check_gradients(grads, self.params)                            # before mu moves on
        t = self.t + 1                                                 # the step about to run
        mu = self.beta1 * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))
        self.mu_next = self.beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * self.momentum_decay))
        self.mu, self.mu_product = mu, self.mu_product * mu            # M_t = mu_1 ... mu_t
        super().step(grads)                                            # t <- t + 1, updates

    def _update(self, p, g, m, v):
        g = _decayed(self, p, g)
        _moments(self, g, m, v)
        d = np.divide(v, 1 - self.beta2**self.t)
        np.sqrt(d, out=d)
        d += self.eps                                                  # d = sqrt(v^) + eps
        step = np.multiply(g, self.lr * (1.0 - self.mu) / (1.0 - self.mu_product))
        step /= d
        p -= step                                  # - lr (1 - mu_t) / (1 - M_t) g / d
        np.multiply(m, self.lr * self.mu_next / (1.0 - self.mu_product * self.mu_next),
                    out=step)
        step /= d
        p -= step                                  # - lr mu_t+1 / (1 - M_t mu_t+1) m / d


class RAdam(Adam):
    """Adam whose adaptive step is rectified: plain momentum until the second moment has seen
    enough steps (rho_t > 5) for its variance to be trusted."""

    hyperparameters = {**Adamax.hyperparameters, "decoupled_weight_decay": Flag()}

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 decoupled_weight_decay=False):
        set_hyperparameters(self, locals())
        self._start(params, betas, ("m", "v"))

    def _update(self, p, g, m, v):
        g = _decayed(self, p, g)
        _moments(self, g, m, v)
        step = np.divide(m, 1 - self.beta1**self.t)                    # m^, bias-corrected
        step *= self.lr
        correction2 = 1 - self.beta2**self.t
        rho_inf = 2 / (1 - self.beta2) - 1
        rho_t = rho_inf - 2 * self.t * self.beta2**self.t / correction2
        if rho_t > 5.0:                                                # the variance is tractable
            rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                    / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
            adaptive = np.sqrt(v)
            adaptive += self.eps
            np.divide(correction2**0.5, adaptive, out=adaptive)  # sqrt(1 - b2^t) / (sqrt(v) + eps)
            step *= adaptive
            step *= rect
        p -= step                          # p <- p - m^ lr (sqrt(1 - b2^t) / (sqrt(v) + eps)) r_t,
                                           # or momentum alone: p <- p - m^ lr


def _moments(optimizer, g, m, v):
    """m <- m + (1 - beta1) (g - m) and v <- beta2 v + (1 - beta2) g^2, in place (NAdam's and
    RAdam's moments: m as torch's lerp)."""
    work = np.subtract(g, m)
    work *= 1 - optimizer.beta1
    m += work
    np.multiply(g, 1 - optimizer.beta2, out=work)
    work *= g
    v *= optimizer.beta2
    v += work


def _decayed(optimizer, p, g):
    """g + wd p (L2, coupled), or g after shrinking p by 1 - lr wd (decoupled)."""
    if optimizer.decoupled_weight_decay:
        p *= 1 - optimizer.lr * optimizer.weight_decay
        return g
    return _with_decay(p, g, optimizer.weight_decay)
