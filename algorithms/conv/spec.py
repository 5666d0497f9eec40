"""What parity checks for conv."""

import numpy as np

from parity.spec import FunctionSpec


def images_and_kernels(rng, n, k):
    """n images of 3 channels, k x k pixels; 4 kernels of 3 x 3."""
    side = max(k, 5)
    return (rng.standard_normal((n, 3, side, side)), 0.5 * rng.standard_normal((4, 3, 3, 3)),
            rng.standard_normal(4))


def small_images_and_kernels(rng, n, k):
    """Small enough for the loop version: 2 images of 3 channels, 7 x 7."""
    return (rng.standard_normal((2, 3, 7, 7)), 0.5 * rng.standard_normal((4, 3, 3, 3)),
            rng.standard_normal(4))


def signals_and_kernels(rng, n, k):
    """n signals of 3 channels, k samples; 4 kernels of width 3."""
    return (rng.standard_normal((n, 3, max(k, 5))), 0.5 * rng.standard_normal((4, 3, 3)),
            rng.standard_normal(4))


def images(rng, n, k):
    side = 2 * max(k // 2, 3)
    return (rng.standard_normal((n, 3, side, side)),)


def extreme_images():
    X = np.full((1, 3, 6, 6), 1e6)
    X[0, 1] = -1e-6
    return X, np.ones((4, 3, 3, 3)), np.zeros(4)


def extreme_signals():
    X = np.full((1, 3, 8), 1e6)
    X[0, 1] = -1e-6
    return X, np.ones((4, 3, 3)), np.zeros(4)


SPEC = FunctionSpec(
    functions={
        "conv2d": images_and_kernels,
        "conv2d_strided": images_and_kernels,
        "conv2d_loops": small_images_and_kernels,
        "conv1d": signals_and_kernels,
        "conv1d_strided": signals_and_kernels,
        "max_pool2d": images,
        "avg_pool2d": images,
        "max_pool2d_3x3": images,
        "avg_pool2d_3x3": images,
    },
    calls={
        "conv2d_strided": ("conv2d", {"stride": 2, "padding": 1, "dilation": 2}),
        "conv2d_loops": ("conv2d_loops", {"stride": 2, "padding": 1, "dilation": 2}),
        "conv1d_strided": ("conv1d", {"stride": 2, "padding": 2, "dilation": 3}),
        # 3 x 3 windows on sides that 3 does not divide: the last partial window is dropped
        "max_pool2d_3x3": ("max_pool2d", {"kernel": 3}),
        "avg_pool2d_3x3": ("avg_pool2d", {"kernel": 3}),
    },
    wrt={"conv2d": 3, "conv2d_strided": 3, "conv2d_loops": 3, "conv1d": 3, "conv1d_strided": 3},
    extremes={
        "conv2d": extreme_images,
        "conv2d_strided": extreme_images,
        "conv2d_loops": extreme_images,
        "conv1d": extreme_signals,
        "conv1d_strided": extreme_signals,
        "max_pool2d": lambda: (extreme_images()[0],),
        "avg_pool2d": lambda: (extreme_images()[0],),
        "max_pool2d_3x3": lambda: (extreme_images()[0],),
        "avg_pool2d_3x3": lambda: (extreme_images()[0],),
    },
    size=(4, 8),
    # N images of 3 x k x k; the loop version is for reading and runs on fixed small inputs
    bench_sizes=((8, 16), (32, 32), (64, 64)),
    not_benchmarked=("conv2d_loops",),
)
