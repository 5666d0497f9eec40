"""Activation functions in PyTorch, with autograd computing each backward pass.

Each f_backward(Z, dA) returns dL/dZ for A = f(Z) given dL/dA: autograd's vector-Jacobian
product, A.backward(dA), in place of the derivative written by hand. Shapes: (N, K).

    sigmoid  torch.sigmoid        tanh  torch.tanh        softplus  F.softplus    relu  F.relu
    leaky_relu  F.leaky_relu (negative_slope 0.01)        gelu  F.gelu(approximate="tanh")
    silu  F.silu        swiglu  F.silu(G) * U, [G, U] = Z.chunk(2, dim=-1)
    softmax  torch.softmax(dim=-1)                         log_softmax  F.log_softmax(dim=-1)
"""

import torch
import torch.nn.functional as F

from algorithms._torch import vector_jacobian_product


def sigmoid(Z):
    return torch.sigmoid(Z)


def sigmoid_backward(Z, dA):
    return vector_jacobian_product(sigmoid, Z, dA)


def tanh(Z):
    return torch.tanh(Z)


def tanh_backward(Z, dA):
    return vector_jacobian_product(tanh, Z, dA)


def softplus(Z):
    return F.softplus(Z)


def softplus_backward(Z, dA):
    return vector_jacobian_product(softplus, Z, dA)


def relu(Z):
    return F.relu(Z)


def relu_backward(Z, dA):
    return vector_jacobian_product(relu, Z, dA)


def leaky_relu(Z):
    return F.leaky_relu(Z, negative_slope=0.01)


def leaky_relu_backward(Z, dA):
    return vector_jacobian_product(leaky_relu, Z, dA)


def gelu(Z):
    return F.gelu(Z, approximate="tanh")


def gelu_backward(Z, dA):
    return vector_jacobian_product(gelu, Z, dA)


def silu(Z):
    return F.silu(Z)


def silu_backward(Z, dA):
    return vector_jacobian_product(silu, Z, dA)


def swiglu(Z):
    G, U = Z.chunk(2, dim=-1)
    return F.silu(G) * U


def swiglu_backward(Z, dA):
    return vector_jacobian_product(swiglu, Z, dA)


def softmax(Z):
    return torch.softmax(Z, dim=-1)


def softmax_backward(Z, dA):
    return vector_jacobian_product(softmax, Z, dA)


def log_softmax(Z):
    return F.log_softmax(Z, dim=-1)


def log_softmax_backward(Z, dA):
    return vector_jacobian_product(log_softmax, Z, dA)
