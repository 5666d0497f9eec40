"""Small helpers for the framework side: NumPy dtypes and arrays to torch."""

import numpy as np
import torch

from algorithms._inputs import check_float_dtype

_TORCH_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}


def torch_dtype(dtype):
    """The torch dtype for a NumPy float32/float64 dtype (another: check_float_dtype's
    ValueError, as the scratch side raises it)."""
    return _TORCH_DTYPES[check_float_dtype(dtype)]


def to_tensor(array, device, dtype=None):
    """A NumPy array (or a tensor, on any device) as a tensor on `device`; a copy, never a view
    of the caller's. A tensor is copied where it lives: NumPy cannot read a GPU's memory."""
    if isinstance(array, torch.Tensor):
        return array.detach().to(device=device, dtype=dtype, copy=True)
    return torch.tensor(np.asarray(array), device=device, dtype=dtype)


def vector_jacobian_products(f, differentiated, dY, constants=()):
    """Gradients of sum(f(*differentiated, *constants) * dY) for each differentiated input:
    autograd's vector-Jacobian product, f(...).backward(dY)."""
    inputs = [x.detach().requires_grad_() for x in differentiated]
    f(*inputs, *constants).backward(dY)
    return tuple(x.grad for x in inputs)


def vector_jacobian_product(f, x, dY, *constants):
    """The gradient of sum(f(x, *constants) * dY) with respect to x, by autograd."""
    (dx,) = vector_jacobian_products(f, (x,), dY, constants)
    return dx
