"""Batch norm, layer norm and dropout, forward and backward by hand, in NumPy.

Shapes: X, Y, dY, dX (N, D); gamma, beta and the running statistics (D,). The normalized axis
is the batch (axis 0) for batch norm and the features (axis 1) for layer norm; M is its length.

    forward    mu = mean(X),  var = mean((X - mu)^2)            biased, over the axis
               X^ = (X - mu) / sqrt(var + eps),  Y = gamma X^ + beta
    backward   dbeta = sum_N dY,  dgamma = sum_N dY X^
               dX^ = dY gamma
               dX = (dX^ - mean(dX^) - X^ mean(dX^ X^)) / sqrt(var + eps)   over the axis
               (mu and var depend on every X in the axis: the two means are their chain rule)
    rms norm   Y = gamma X / rms(X),  rms(X) = sqrt(mean(X^2) + eps) over the features:
               layer norm without the centring (nor beta), LLaMA's; eps is float's epsilon
               for the dtype, nn.RMSNorm's default
               dX = (dX^ - X^ mean(dX^ X^)) / rms(X),  dX^ = dY gamma  (no mean(dX^) term:
               no mean was subtracted)
    eval       batch norm at inference uses the running statistics instead, constants:
               Y = gamma (X - running_mean) / sqrt(running_var + eps) + beta
               dX = dY gamma / sqrt(running_var + eps)
    running    running_mean <- (1 - m) running_mean + m mean_N(X)
               running_var  <- (1 - m) running_var + m var_N(X) N / (N - 1)   (unbiased, as torch)
    N = 1      batch norm in training refuses a single sample (ValueError), as torch does
    dropout    Y = X keep / (1 - p), dX = dY keep / (1 - p): the mask `keep` (1 with
               probability 1 - p) is an input, drawn once and shared by both sides; dividing by
               1 - p keeps E[Y] = X, so evaluation needs no rescaling ("inverted" dropout)
"""

import numpy as np

EPS = 1e-5
MOMENTUM = 0.1


def _check_batch(X):
    """Batch statistics need two samples: with one, every X^ is 0 and var is undefined."""
    if X.shape[0] < 2:
        raise ValueError("batch norm in training needs more than 1 value per feature; "
                         f"got X of shape {X.shape}")


def _normalize(X, axis):
    centred = X - X.mean(axis=axis, keepdims=True)               # X - mu, once
    inv_std = 1 / np.sqrt((centred * centred).mean(axis=axis, keepdims=True) + EPS)
    centred *= inv_std                                           # in place: now X^
    return centred, inv_std                                      # X^, 1 / sqrt(var + eps)


def _normalize_backward(dX_hat, X_hat, inv_std, axis):
    """dX = (dX^ - mean(dX^) - X^ mean(dX^ X^)) / sqrt(var + eps), term by term into one
    array (no temporary per operator)."""
    mean_dX_hat = dX_hat.mean(axis=axis, keepdims=True)
    mean_dX_hat_X_hat = (dX_hat * X_hat).mean(axis=axis, keepdims=True)
    dX = X_hat * mean_dX_hat_X_hat                               # X^ mean(dX^ X^)
    np.subtract(dX_hat, dX, out=dX)                              # dX^ - X^ mean(dX^ X^)
    dX -= mean_dX_hat                                            # - mean(dX^)
    dX *= inv_std                                                # / sqrt(var + eps)
    return dX


def batch_norm_train(X, gamma, beta):
    _check_batch(X)
    X_hat, _ = _normalize(X, axis=0)                             # batch statistics
    return gamma * X_hat + beta


def batch_norm_train_backward(X, gamma, beta, dY):
    _check_batch(X)
    X_hat, inv_std = _normalize(X, axis=0)
    dX = _normalize_backward(dY * gamma, X_hat, inv_std, axis=0)  # dX^ = dY gamma
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)           # dX, dgamma, dbeta


def batch_norm_eval(X, gamma, beta, running_mean, running_var):
    return gamma * (X - running_mean) / np.sqrt(running_var + EPS) + beta


def batch_norm_eval_backward(X, gamma, beta, running_mean, running_var, dY):
    inv_std = 1 / np.sqrt(running_var + EPS)                     # constants at inference
    X_hat = (X - running_mean) * inv_std
    return dY * gamma * inv_std, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


def layer_norm(X, gamma, beta):
    X_hat, _ = _normalize(X, axis=1)                             # per-sample statistics
    return gamma * X_hat + beta


def layer_norm_backward(X, gamma, beta, dY):
    X_hat, inv_std = _normalize(X, axis=1)
    dX = _normalize_backward(dY * gamma, X_hat, inv_std, axis=1)
    return dX, (dY * X_hat).sum(axis=0), dY.sum(axis=0)


def rms_norm(X, gamma):
    eps = np.finfo(X.dtype).eps
    return gamma * X / np.sqrt((X * X).mean(axis=1, keepdims=True) + eps)


def rms_norm_backward(X, gamma, dY):
    inv_rms = 1 / np.sqrt((X * X).mean(axis=1, keepdims=True) + np.finfo(X.dtype).eps)
    X_hat = X * inv_rms                                          # X / rms(X)
    dX_hat = dY * gamma
    dX = (dX_hat - X_hat * (dX_hat * X_hat).mean(axis=1, keepdims=True)) * inv_rms
    return dX, (dY * X_hat).sum(axis=0)                          # dX, dgamma


def dropout(X, keep, p=0.5):
    return X * keep / (1 - p)


def dropout_backward(X, keep, dY, p=0.5):
    return dY * keep / (1 - p)                                   # the same mask, the same scale


def update_running_stats(running_mean, running_var, X, momentum=MOMENTUM):
    """Batch norm's running statistics after one training batch X (N, D)."""
    _check_batch(X)
    N = X.shape[0]
    mean, var = X.mean(axis=0), X.var(axis=0) * N / (N - 1)      # unbiased variance
    return ((1 - momentum) * running_mean + momentum * mean,
            (1 - momentum) * running_var + momentum * var)
