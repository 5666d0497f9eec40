"""1-D and 2-D convolution and pooling in PyTorch, autograd computing each backward pass.

    conv2d        F.conv2d(X, K, b, stride, padding, dilation)
    conv1d        F.conv1d(X, K, b, stride, padding, dilation)
    max_pool2d    F.max_pool2d(X, kernel)          avg_pool2d    F.avg_pool2d(X, kernel)

Each f_backward returns the gradients of sum(f(...) * dY): for X, K and b for a convolution,
for X for a pooling; autograd's vector-Jacobian product.
"""

import torch.nn.functional as F

from algorithms._torch import vector_jacobian_product, vector_jacobian_products


def conv2d(X, K, b, stride=1, padding=0, dilation=1):
    return F.conv2d(X, K, b, stride=stride, padding=padding, dilation=dilation)


def conv2d_backward(X, K, b, dY, stride=1, padding=0, dilation=1, input_grad=True):
    if not input_grad:                                             # X as a constant
        return None, *vector_jacobian_products(lambda K, b: conv2d(X, K, b, stride, padding,
                                                                   dilation), (K, b), dY)
    return vector_jacobian_products(conv2d, (X, K, b), dY, (stride, padding, dilation))


def conv1d(X, K, b, stride=1, padding=0, dilation=1):
    return F.conv1d(X, K, b, stride=stride, padding=padding, dilation=dilation)


def conv1d_backward(X, K, b, dY, stride=1, padding=0, dilation=1):
    return vector_jacobian_products(conv1d, (X, K, b), dY, (stride, padding, dilation))


def max_pool2d(X, kernel=2):
    return F.max_pool2d(X, kernel)


def max_pool2d_backward(X, dY, kernel=2):
    return vector_jacobian_product(max_pool2d, X, dY, kernel)


def avg_pool2d(X, kernel=2):
    return F.avg_pool2d(X, kernel)


def avg_pool2d_backward(X, dY, kernel=2):
    return vector_jacobian_product(avg_pool2d, X, dY, kernel)
