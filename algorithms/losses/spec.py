"""What parity checks for losses."""

import numpy as np

from parity.kinds import FunctionSpec


def regression(rng, n, k):
    return rng.standard_normal((n, k)), rng.standard_normal((n, k))


def binary(rng, n, k):
    return 3 * rng.standard_normal((n, k)), rng.integers(0, 2, (n, k)).astype(np.float64)


def class_indices(rng, n, k):
    return 3 * rng.standard_normal((n, k)), rng.integers(0, k, n)


def class_probabilities(rng, n, k):
    """Soft targets whose rows sum to between 0.5 and 1, as torch allows (label smoothing,
    partial labels): the gradient must not assume they sum to 1."""
    P = rng.exponential(size=(n, k))
    row_sums = rng.uniform(0.5, 1.0, size=(n, 1))
    return 3 * rng.standard_normal((n, k)), row_sums * P / P.sum(axis=1, keepdims=True)


EXTREME_LOGITS = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [750.0, -750.0, 40.0]])

SPEC = FunctionSpec(
    functions={
        "mse": regression,
        "bce_with_logits": binary,
        "cross_entropy": class_indices,
        "cross_entropy_probs": class_probabilities,
        "hinge": class_indices,
    },
    extremes={
        "mse": lambda: (EXTREME_LOGITS, np.zeros((3, 3))),
        "bce_with_logits": lambda: (EXTREME_LOGITS, np.array([[1.0, 0, 1], [0, 1, 0], [0, 1, 1]])),
        "cross_entropy": lambda: (EXTREME_LOGITS, np.array([1, 0, 2])),
        "cross_entropy_probs": lambda: (EXTREME_LOGITS, np.full((3, 3), 1 / 3)),
        "hinge": lambda: (EXTREME_LOGITS, np.array([1, 0, 2])),
    },
)
