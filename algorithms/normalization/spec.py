"""What parity checks for normalization."""

import numpy as np

from parity.kinds import FunctionSpec


def affine(rng, n, k):
    """X with a per-feature offset and scale; gamma and beta away from 1 and 0."""
    X = rng.normal(2.0, 3.0, (n, k)) * rng.uniform(0.5, 2.0, k)
    return X, rng.uniform(0.5, 1.5, k), rng.normal(0, 0.5, k)


def gained(rng, n, k):
    """X with a per-feature offset and scale, gamma away from 1: RMS norm has no beta."""
    return affine(rng, n, k)[:2]


def with_running_stats(rng, n, k):
    return (*affine(rng, n, k), rng.normal(0, 1, k), rng.uniform(0.5, 2.0, k))


def with_mask(rng, n, k):
    return rng.standard_normal((n, k)), (rng.random((n, k)) >= 0.5).astype(np.float64)


def extreme_affine():
    """Features at 1e6 and 1e-6 scales, and one nearly constant column."""
    X = np.array([[1e6, 1e-6, 5.0], [-1e6, -1e-6, 5.0 + 1e-9], [3e5, 2e-6, 5.0]])
    return X, np.ones(3), np.zeros(3)


SPEC = FunctionSpec(
    functions={
        "batch_norm_train": affine,
        "batch_norm_eval": with_running_stats,
        "layer_norm": affine,
        "rms_norm": gained,
        "dropout": with_mask,
    },
    extremes={
        "batch_norm_train": extreme_affine,
        "batch_norm_eval": lambda: (*extreme_affine(), np.zeros(3), np.ones(3)),
        "layer_norm": extreme_affine,
        "rms_norm": lambda: extreme_affine()[:2],
        "dropout": lambda: (np.array([[1e300, -1e300], [1e-300, 0.0]]),
                            np.array([[1.0, 0.0], [1.0, 1.0]])),
    },
    wrt={"batch_norm_train": 3, "batch_norm_eval": 3, "layer_norm": 3, "rms_norm": 2},
)
