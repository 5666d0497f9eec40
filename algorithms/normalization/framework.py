"""Batch norm, layer norm and dropout in PyTorch, autograd computing each backward pass.

    batch_norm_train   F.batch_norm(training=True): batch statistics
    batch_norm_eval    F.batch_norm(training=False): running statistics
    layer_norm         F.layer_norm over the last axis
    rms_norm           F.rms_norm over the last axis, eps None (the dtype's epsilon), as
                       nn.RMSNorm's default
    dropout            X * keep / (1 - p) with the shared mask: F.dropout draws its own mask
                       from torch's generator, which parity cannot share (a test checks its
                       keep rate and scaling instead)
    running stats      nn.BatchNorm1d's running_mean and running_var after a training batch

Each f_backward returns the gradients of sum(f(...) * dY) for X, and for gamma and beta where
the layer has them: autograd's vector-Jacobian product.
"""

import torch
import torch.nn.functional as F
from torch import nn

from algorithms._torch import vector_jacobian_product, vector_jacobian_products

EPS = 1e-5
MOMENTUM = 0.1


def batch_norm_train(X, gamma, beta):
    return F.batch_norm(X, None, None, gamma, beta, training=True, eps=EPS)


def batch_norm_train_backward(X, gamma, beta, dY):
    return vector_jacobian_products(batch_norm_train, (X, gamma, beta), dY)


def batch_norm_eval(X, gamma, beta, running_mean, running_var):
    return F.batch_norm(X, running_mean, running_var, gamma, beta, training=False, eps=EPS)


def batch_norm_eval_backward(X, gamma, beta, running_mean, running_var, dY):
    return vector_jacobian_products(batch_norm_eval, (X, gamma, beta), dY,
                                    (running_mean, running_var))


def layer_norm(X, gamma, beta):
    return F.layer_norm(X, X.shape[-1:], gamma, beta, eps=EPS)


def layer_norm_backward(X, gamma, beta, dY):
    return vector_jacobian_products(layer_norm, (X, gamma, beta), dY)


def rms_norm(X, gamma):
    return F.rms_norm(X, X.shape[-1:], gamma)


def rms_norm_backward(X, gamma, dY):
    return vector_jacobian_products(rms_norm, (X, gamma), dY)


def dropout(X, keep, p=0.5):
    return X * keep / (1 - p)


def dropout_backward(X, keep, dY, p=0.5):
    return vector_jacobian_product(dropout, X, dY, keep, p)


def update_running_stats(running_mean, running_var, X, momentum=MOMENTUM):
    """Batch norm's running statistics after one training batch X (N, D)."""
    layer = nn.BatchNorm1d(X.shape[1], eps=EPS, momentum=momentum, dtype=X.dtype,
                           device=X.device)
    with torch.no_grad():
        layer.running_mean.copy_(running_mean)
        layer.running_var.copy_(running_var)
        layer.train()(X)                                         # updates the running stats
    return layer.running_mean.clone(), layer.running_var.clone()
