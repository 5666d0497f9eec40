"""Loss functions and their gradients with respect to the predictions, in NumPy.

Every loss is a mean (torch's reduction="mean"). loss_backward(first, target, dL) returns
dL/d(first) scaled by dL, the gradient flowing in from above (1 for a loss at the top).
Shapes: N samples, K columns or classes; M = N K elements.

    mse                  L = 1/M sum (Y_hat - Y)^2
                         dY_hat = 2 (Y_hat - Y) / M
    bce_with_logits      L = 1/M sum [log(1 + e^Z) - Y Z]        Y in [0, 1], from the logits
                         dZ = (sigmoid(Z) - Y) / M
    cross_entropy        L = -1/N sum_i log softmax(Z)_i,y_i     y (N,) class indices
                         dZ = (softmax(Z) - onehot(y)) / N
    cross_entropy_probs  L = -1/N sum_i sum_k P_ik log softmax(Z)_ik   P (N, K) probabilities
                         dZ = (softmax(Z) sum_k P_ik - P) / N        = (softmax(Z) - P) / N
                         when each row of P sums to 1
    hinge                L = 1/(N K) sum_i sum_{j != y_i} max(0, 1 - Z_i,y_i + Z_ij)
                         (multi-class margin loss, torch's F.multi_margin_loss)
                         with m_ij = [1 - Z_i,y_i + Z_ij > 0] for j != y_i:
                         dZ_ij = m_ij / (N K),  dZ_i,y_i = -sum_j m_ij / (N K)

Targets: a class index outside 0..K-1 is refused with torch's own error (NumPy would read -1
as the last class); torch's cross_entropy skips a target of -100 (its ignore_index), which
has no counterpart here and is refused like any other.

Stability: the cross-entropies subtract the row maximum m before exponentiating
(log softmax(Z)_y = Z_y - m - log sum_k e^(Z_k - m)), and the binary one uses
softplus(Z) = log(1 + e^Z); no probability is ever passed to a log.

Speed: these are the hot loop of every classifier, and NumPy cannot fuse elementwise passes as
torch does, so the cross-entropy makes as few passes over (N, K) as it can: it never builds
log softmax(Z) whole, and its backward works in place on one buffer.
"""

import numpy as np

from algorithms.activations.scratch import log_softmax, sigmoid, softmax, softplus


def mse(Y_hat, Y):
    return np.mean((Y_hat - Y) ** 2)


def mse_backward(Y_hat, Y, dL):
    return dL * (2 / Y_hat.size) * (Y_hat - Y)                   # 2 (Y_hat - Y) / M


def bce_with_logits(Z, Y):
    return np.mean(softplus(Z) - Y * Z)


def bce_with_logits_backward(Z, Y, dL):
    return dL * (sigmoid(Z) - Y) / Z.size                        # (sigmoid(Z) - Y) / M


def _check_targets(y, K, error=None):
    """Refuse class indices outside 0..K-1 as torch does: IndexError naming the first, or
    `error` (multi_margin_loss's RuntimeError)."""
    outside = (y < 0) | (y >= K)
    if outside.any():
        raise error or IndexError(f"Target {y[outside][0]} is out of bounds.")


def cross_entropy(Z, y):
    N = Z.shape[0]
    _check_targets(y, Z.shape[1])
    m = Z.max(axis=1)                                           # (N,)
    log_sum = np.log(np.exp(Z - m[:, None]).sum(axis=1))        # logsumexp(Z) - m   (N,)
    return np.mean(m + log_sum - Z[np.arange(N), y])            # -log softmax(Z)_y


def cross_entropy_backward(Z, y, dL):
    N = Z.shape[0]
    _check_targets(y, Z.shape[1])
    dZ = Z - Z.max(axis=1, keepdims=True)                       # (N, K), exponents <= 0
    np.exp(dZ, out=dZ)
    dZ *= (dL / N) / dZ.sum(axis=1, keepdims=True)              # softmax(Z) dL / N
    dZ[np.arange(N), y] -= dL / N                               # (P - onehot(y)) dL / N
    return dZ


def cross_entropy_probs(Z, P):
    return -np.mean((P * log_softmax(Z)).sum(axis=1))


def cross_entropy_probs_backward(Z, P, dL):
    N = Z.shape[0]
    return dL * (softmax(Z) * P.sum(axis=1, keepdims=True) - P) / N


def hinge(Z, y):
    N, K = Z.shape
    _check_targets(y, K, RuntimeError("target out of range"))
    margins = np.maximum(0, 1 - Z[np.arange(N), y][:, None] + Z)   # (N, K)
    margins[np.arange(N), y] = 0                                   # j != y_i only
    return margins.sum() / (N * K)


def hinge_backward(Z, y, dL):
    N, K = Z.shape
    _check_targets(y, K, RuntimeError("target out of range"))
    active = (1 - Z[np.arange(N), y][:, None] + Z > 0).astype(Z.dtype)  # m_ij
    active[np.arange(N), y] = 0
    dZ = active
    dZ[np.arange(N), y] = -active.sum(axis=1)                      # -sum_j m_ij
    return dL * dZ / (N * K)
