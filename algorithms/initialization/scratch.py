"""Weight initialization as torch.nn.init computes it: fans, gains, bounds, the draws, NumPy.

A weight of shape (fan_out-ish, fan_in-ish, k...) : (out, in) for a linear layer, (out, in,
kh, kw) for a convolution, whose receptive field multiplies both fans:

    fans       fan_in = in * prod(k),  fan_out = out * prod(k)
    gain       what keeps the variance of a nonlinearity's output at its input's:
               linear, conv, sigmoid 1;  tanh 5/3;  relu sqrt(2);
               leaky_relu sqrt(2 / (1 + a^2)), a its negative slope (default 0.01);  selu 3/4
    Xavier     (Glorot & Bengio): Var(W) = gain^2 2 / (fan_in + fan_out), the harmonic mean of
               what keeps the forward (1 / fan_in) and the backward (1 / fan_out) variance
               uniform   U(-b, b), b = sqrt(3) std  (Var U(-b, b) = b^2 / 3)
               normal    N(0, std^2),  std = gain sqrt(2 / (fan_in + fan_out))
    Kaiming    (He et al.): Var(W) = gain^2 / fan, fan = fan_in (forward: activations keep
               their variance) or fan_out (backward: gradients keep theirs)
               uniform   U(-b, b), b = sqrt(3) std;   normal N(0, std^2),  std = gain / sqrt(fan)
               (nn.Linear and nn.Conv2d's own default is kaiming_uniform with a = sqrt(5):
               b = 1 / sqrt(fan_in))
    orthogonal (Saxe et al.): W flattened to (rows, cols), rows = out, is a gain times an
               orthogonal matrix (orthonormal rows or columns, whichever are fewer), drawn
               uniformly (Haar): the Q of a Gaussian matrix's QR, each column's sign set by
               R's diagonal (without it, QR's Householder steps leave most of the diagonal
               negative: not uniform)

The numbers (fans, gains, b, std) are torch's to the bit: the same formulas in the same order.
The draws are NumPy's generator's, not torch's, so parity checks them by distribution (a
Kolmogorov-Smirnov test against U(-b, b) or N(0, std^2)), not value by value.
"""

import math
import warnings

import numpy as np

from algorithms._inputs import check_float_dtype, check_weight_shape
from algorithms._params import Real, check_hyperparameter

LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
          "conv_transpose3d")


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity (torch.nn.init.calculate_gain's table)."""
    if nonlinearity in LINEAR or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def fans(shape):
    """(fan_in, fan_out) of a weight of this shape: (out, in, *kernel)."""
    shape = check_weight_shape(shape)
    if len(shape) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         "dimensions")
    receptive_field = math.prod(shape[2:])                      # 1 for a linear layer
    return shape[1] * receptive_field, shape[0] * receptive_field


def _fan(shape, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = fans(shape)
    return fan_in if mode == "fan_in" else fan_out


def xavier_uniform(shape, gain=1.0, generator=None, dtype=np.float64):
    """W ~ U(-b, b), b = sqrt(3) gain sqrt(2 / (fan_in + fan_out))."""
    check_hyperparameter("gain", gain, Real(low=0))
    shape, dtype = check_weight_shape(shape), check_float_dtype(dtype)
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    bound = math.sqrt(3.0) * std                                # Var U(-b, b) = b^2 / 3
    return _rng(generator).uniform(-bound, bound, shape).astype(dtype)


def xavier_normal(shape, gain=1.0, generator=None, dtype=np.float64):
    """W ~ N(0, std^2), std = gain sqrt(2 / (fan_in + fan_out))."""
    check_hyperparameter("gain", gain, Real(low=0))
    shape, dtype = check_weight_shape(shape), check_float_dtype(dtype)
    fan_in, fan_out = fans(shape)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return _rng(generator).normal(0.0, std, shape).astype(dtype)


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None,
                    dtype=np.float64):
    """W ~ U(-b, b), b = sqrt(3) gain / sqrt(fan); a is leaky_relu's negative slope."""
    check_hyperparameter("a", a, Real())
    shape, dtype = check_weight_shape(shape), check_float_dtype(dtype)
    if 0 in shape:
        return _nothing_to_draw(shape, dtype)
    fan = _fan(shape, mode)                                     # the fan first, as torch
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return _rng(generator).uniform(-bound, bound, shape).astype(dtype)


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None,
                   dtype=np.float64):
    """W ~ N(0, std^2), std = gain / sqrt(fan)."""
    check_hyperparameter("a", a, Real())
    shape, dtype = check_weight_shape(shape), check_float_dtype(dtype)
    if 0 in shape:
        return _nothing_to_draw(shape, dtype)
    fan = _fan(shape, mode)
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return _rng(generator).normal(0, std, shape).astype(dtype)


def orthogonal(shape, gain=1.0, generator=None, dtype=np.float64):
    """gain Q, Q (rows, cols) with orthonormal rows or columns, uniformly drawn."""
    check_hyperparameter("gain", gain, Real())
    shape, dtype = check_weight_shape(shape), check_float_dtype(dtype)
    if len(shape) < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    rows = shape[0]
    cols = math.prod(shape) // rows if rows else 0
    if rows * cols == 0:
        return np.empty(shape, dtype=dtype)
    A = _rng(generator).normal(0, 1, (rows, cols))
    if rows < cols:
        A = A.T                                                 # QR of the tall one
    Q, R = np.linalg.qr(A)                                      # A = Q R, Q (m, n) orthonormal
    Q *= np.sign(np.diag(R))                                    # Haar: R's diagonal positive
    if rows < cols:
        Q = Q.T
    return (gain * Q).reshape(shape).astype(dtype)


def _rng(generator):
    """The generator given, or a fresh unseeded one (torch's functions take its global one,
    which torch.manual_seed seeds; pass a generator for a reproducible draw)."""
    return np.random.default_rng() if generator is None else generator


def _nothing_to_draw(shape, dtype):
    warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)  # as torch
    return np.empty(shape, dtype=dtype)
