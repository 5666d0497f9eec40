"""Weight initialization with torch.nn.init: each function fills a new tensor of the shape.

    fans       nn.init._calculate_fan_in_and_fan_out (torch keeps it private; every public
               initializer calls it)
    gain       nn.init.calculate_gain(nonlinearity, param)
    Xavier     nn.init.xavier_uniform_(W, gain), nn.init.xavier_normal_(W, gain)
    Kaiming    nn.init.kaiming_uniform_(W, a, mode, nonlinearity),
               nn.init.kaiming_normal_(W, a, mode, nonlinearity)
    orthogonal nn.init.orthogonal_(W, gain): QR of a Gaussian matrix, signs from R's diagonal

Each draws from the torch.Generator it is given (torch's global one otherwise), in the
tensor's dtype; the scratch side draws from NumPy's, so the values differ while the
distributions agree (parity's distribution check).
"""

import numpy as np
import torch
from torch import nn

from algorithms._inputs import check_weight_shape
from algorithms._params import Real, check_hyperparameter
from algorithms._torch import torch_dtype


def calculate_gain(nonlinearity, param=None):
    return nn.init.calculate_gain(nonlinearity, param)


def fans(shape):
    return nn.init._calculate_fan_in_and_fan_out(torch.empty(check_weight_shape(shape),
                                                             device="meta"))


def xavier_uniform(shape, gain=1.0, generator=None, dtype=np.float64, device="cpu"):
    check_hyperparameter("gain", gain, Real(low=0))                # torch: a RuntimeError
    W = _empty(shape, dtype, device)
    return nn.init.xavier_uniform_(W, gain, generator=generator)


def xavier_normal(shape, gain=1.0, generator=None, dtype=np.float64, device="cpu"):
    check_hyperparameter("gain", gain, Real(low=0))
    W = _empty(shape, dtype, device)
    return nn.init.xavier_normal_(W, gain, generator=generator)


def kaiming_uniform(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None,
                    dtype=np.float64, device="cpu"):
    check_hyperparameter("a", a, Real())                           # torch: NaN weights
    W = _empty(shape, dtype, device)
    return nn.init.kaiming_uniform_(W, a, mode, nonlinearity, generator=generator)


def kaiming_normal(shape, a=0.0, mode="fan_in", nonlinearity="leaky_relu", generator=None,
                   dtype=np.float64, device="cpu"):
    check_hyperparameter("a", a, Real())
    W = _empty(shape, dtype, device)
    return nn.init.kaiming_normal_(W, a, mode, nonlinearity, generator=generator)


def orthogonal(shape, gain=1.0, generator=None, dtype=np.float64, device="cpu"):
    check_hyperparameter("gain", gain, Real())                     # torch: NaN weights
    W = _empty(shape, dtype, device)
    return nn.init.orthogonal_(W, gain, generator=generator)


def _empty(shape, dtype, device):
    """The uninitialized weight each initializer fills, its shape and dtype checked as the
    scratch side checks them."""
    return torch.empty(check_weight_shape(shape), dtype=torch_dtype(dtype), device=device)
