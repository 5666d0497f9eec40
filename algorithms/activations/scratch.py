"""Activation functions and their backward passes, in NumPy.

Each f has f_backward(Z, dA) = dL/dZ given dL/dA for A = f(Z): the vector-Jacobian product.
Elementwise functions multiply by f'(Z); softmax and log-softmax act on the last axis and
contract their Jacobian with dA. Shapes: Z, A, dA, dZ all (N, K).

    sigmoid      A = 1 / (1 + e^-Z)             dZ = dA A (1 - A)
    tanh         A = tanh(Z)                    dZ = dA (1 - A^2)
    softplus     A = log(1 + e^Z)               dZ = dA sigmoid(Z)
                 = max(Z, 0) + log(1 + e^-|Z|): the exponent is never positive
    relu         A = max(Z, 0)                  dZ = dA [Z > 0]          (relu'(0) = 0, as torch)
    leaky_relu   A = Z if Z > 0 else a Z        dZ = dA (1 if Z > 0 else a),  a = 0.01
    gelu         A = Z/2 (1 + tanh(u)),         u = sqrt(2/pi) (Z + 0.044715 Z^3)
                 dZ = dA [(1 + tanh u)/2 + Z/2 (1 - tanh^2 u) sqrt(2/pi) (1 + 3 0.044715 Z^2)]
                 (the tanh approximation, torch's F.gelu(approximate="tanh"): the exact GELU
                 needs erf, which NumPy lacks)
    silu         A = Z sigmoid(Z)               dZ = dA s (1 + Z (1 - s)),  s = sigmoid(Z)
    swiglu       A = silu(G) U, [G, U] = Z      dG = dA U silu'(G),  dU = dA silu(G)
                 (Z (N, 2F) holds a gate G and a value U side by side; A (N, F): the gated
                 linear unit of LLaMA's feed-forward, silu(x W_g) * (x W_u))
    softmax      A_k = e^Z_k / sum_j e^Z_j      dA_k/dZ_j = A_k (delta_kj - A_j), so
                 dZ = A (dA - sum_k dA_k A_k)
    log_softmax  A = Z - logsumexp(Z)           dA_k/dZ_j = delta_kj - softmax(Z)_j, so
                 dZ = dA - softmax(Z) sum_k dA_k

Stability at any finite Z: the sigmoid is evaluated as (1 + tanh(Z/2)) / 2, which equals
1 / (1 + e^-Z) and never overflows (its absolute error stays below 1e-16, though far in the
negative tail, below Z = -37, it rounds values under 1e-16 to 0 where e^Z would keep them);
softmax and log-softmax subtract the row maximum first, so no exponent is positive; tanh and
GELU never exponentiate. Every function is a few whole-array passes: NumPy cannot fuse them
as torch's kernels do, which is what the benchmarks of this pair measure.
"""

import math

import numpy as np

# Python floats, not NumPy scalars: a np.float64 constant would promote float32 arrays.
LEAKY_SLOPE = 0.01
GELU_SCALE = math.sqrt(2 / math.pi)
GELU_CUBIC = 0.044715


def sigmoid(Z):
    return 0.5 * (1 + np.tanh(0.5 * Z))                      # = 1 / (1 + e^-Z), never overflows


def sigmoid_backward(Z, dA):
    A = sigmoid(Z)
    return dA * A * (1 - A)                                  # sigmoid' = A (1 - A)


def tanh(Z):
    return np.tanh(Z)


def tanh_backward(Z, dA):
    A = np.tanh(Z)
    return dA * (1 - A**2)                                   # tanh' = 1 - A^2


def softplus(Z):
    return np.maximum(Z, 0) + np.log1p(np.exp(-np.abs(Z)))  # 5x faster than logaddexp(0, Z)


def softplus_backward(Z, dA):
    return dA * sigmoid(Z)                                   # softplus' = sigmoid


def relu(Z):
    return np.maximum(Z, 0)


def relu_backward(Z, dA):
    return dA * (Z > 0)                                      # relu' = [Z > 0]


def leaky_relu(Z):
    return np.maximum(Z, LEAKY_SLOPE * Z)                    # Z if Z > 0 else a Z, as 0 < a < 1


def leaky_relu_backward(Z, dA):
    slope = (Z > 0).astype(Z.dtype) * (1 - LEAKY_SLOPE) + LEAKY_SLOPE  # 1 where Z > 0, else a
    return dA * slope


def gelu(Z):
    u = GELU_SCALE * (Z + GELU_CUBIC * Z * Z * Z)          # Z * Z * Z: Z**3 calls pow, 80x slower
    return 0.5 * Z * (1 + np.tanh(u))


def gelu_backward(Z, dA):
    t = np.tanh(GELU_SCALE * (Z + GELU_CUBIC * Z * Z * Z))
    du_dZ = GELU_SCALE * (1 + 3 * GELU_CUBIC * Z * Z)
    return dA * (0.5 * (1 + t) + 0.5 * Z * (1 - t**2) * du_dZ)  # product and chain rule


def silu(Z):
    return Z * sigmoid(Z)


def silu_backward(Z, dA):
    s = sigmoid(Z)
    return dA * s * (1 + Z * (1 - s))                        # (Z s)' = s + Z s (1 - s)


def swiglu(Z):
    G, U = np.split(Z, 2, axis=-1)                           # gate, value (N, F) each
    return silu(G) * U


def swiglu_backward(Z, dA):
    G, U = np.split(Z, 2, axis=-1)
    return np.concatenate([silu_backward(G, dA * U),          # d/dG: U silu'(G)
                           dA * silu(G)], axis=-1)            # d/dU: silu(G)


def softmax(Z):
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))            # every exponent <= 0
    return E / E.sum(axis=-1, keepdims=True)


def softmax_backward(Z, dA):
    A = softmax(Z)
    return A * (dA - (dA * A).sum(axis=-1, keepdims=True))   # A (dA - <dA, A>)


def log_softmax(Z):
    shifted = Z - Z.max(axis=-1, keepdims=True)              # every exponent <= 0
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def log_softmax_backward(Z, dA):
    return dA - softmax(Z) * dA.sum(axis=-1, keepdims=True)  # dA - softmax(Z) sum_k dA_k
