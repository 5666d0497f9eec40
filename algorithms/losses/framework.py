"""Loss functions in PyTorch, with autograd computing each gradient.

Every loss is a mean (reduction="mean"). loss_backward(first, target, dL) returns
dL/d(first) scaled by dL: autograd's vector-Jacobian product, loss.backward(dL).

    mse                  F.mse_loss
    bce_with_logits      F.binary_cross_entropy_with_logits
    cross_entropy        F.cross_entropy with class indices
    cross_entropy_probs  F.cross_entropy with class probabilities as the target
    hinge                F.multi_margin_loss (p=1, margin=1)
"""

import torch.nn.functional as F

from algorithms._torch import vector_jacobian_product


def mse(Y_hat, Y):
    return F.mse_loss(Y_hat, Y)


def mse_backward(Y_hat, Y, dL):
    return vector_jacobian_product(mse, Y_hat, dL, Y)


def bce_with_logits(Z, Y):
    return F.binary_cross_entropy_with_logits(Z, Y)


def bce_with_logits_backward(Z, Y, dL):
    return vector_jacobian_product(bce_with_logits, Z, dL, Y)


def cross_entropy(Z, y):
    return F.cross_entropy(Z, y)


def cross_entropy_backward(Z, y, dL):
    return vector_jacobian_product(cross_entropy, Z, dL, y)


def cross_entropy_probs(Z, P):
    return F.cross_entropy(Z, P)


def cross_entropy_probs_backward(Z, P, dL):
    return vector_jacobian_product(cross_entropy_probs, Z, dL, P)


def hinge(Z, y):
    return F.multi_margin_loss(Z, y)


def hinge_backward(Z, y, dL):
    return vector_jacobian_product(hinge, Z, dL, y)
