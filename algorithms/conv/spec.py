"""What parity checks for conv."""

import numpy as np

from parity.kinds import FunctionSpec, Textbook


def images_and_kernels(rng, n, k):
    """n images of 3 channels, k x k pixels; 4 kernels of 3 x 3."""
    side = max(k, 5)
    return (rng.standard_normal((n, 3, side, side)), 0.5 * rng.standard_normal((4, 3, 3, 3)),
            rng.standard_normal(4))


def loops_problem(rng, gradient=False):
    """Small images and kernels of any shape, stride, padding and dilation (the loop version is
    slow), and dY if `gradient`: the arguments of the loop and the offset forms."""
    N, C, F, k = (int(v) for v in rng.integers(1, 4, 4))
    stride, padding, dilation = (int(v) for v in rng.integers((1, 0, 1), (3, 3, 3)))
    side = dilation * (k - 1) + 1 + int(rng.integers(0, 5))          # at least one window
    X, K, b = (rng.standard_normal((N, C, side, side)), rng.standard_normal((F, C, k, k)),
               rng.standard_normal(F))
    if not gradient:
        return X, K, b, stride, padding, dilation
    out = (side + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    return X, K, b, rng.standard_normal((N, F, out, out)), stride, padding, dilation


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
        "conv1d": signals_and_kernels,
        "conv1d_strided": signals_and_kernels,
        "max_pool2d": images,
        "avg_pool2d": images,
        "max_pool2d_3x3": images,
        "avg_pool2d_3x3": images,
    },
    calls={
        "conv2d_strided": ("conv2d", {"stride": 2, "padding": 1, "dilation": 2}),
        "conv1d_strided": ("conv1d", {"stride": 2, "padding": 2, "dilation": 3}),
        # 3 x 3 windows on sides that 3 does not divide: the last partial window is dropped
        "max_pool2d_3x3": ("max_pool2d", {"kernel": 3}),
        "avg_pool2d_3x3": ("avg_pool2d", {"kernel": 3}),
    },
    wrt={"conv2d": 3, "conv2d_strided": 3, "conv1d": 3, "conv1d_strided": 3},
    extremes={
        "conv2d": extreme_images,
        "conv2d_strided": extreme_images,
        "conv1d": extreme_signals,
        "conv1d_strided": extreme_signals,
        "max_pool2d": lambda: (extreme_images()[0],),
        "avg_pool2d": lambda: (extreme_images()[0],),
        "max_pool2d_3x3": lambda: (extreme_images()[0],),
        "avg_pool2d_3x3": lambda: (extreme_images()[0],),
    },
    size=(4, 8),
    # the file opens with the definition as loops over every output; every case runs on it
    textbook=(Textbook("conv2d", "conv2d_loops", inputs=loops_problem, beside="conv2d"),
              Textbook("conv2d_backward", "conv2d_loops_backward",
                       inputs=lambda rng: loops_problem(rng, gradient=True),
                       beside="conv2d_backward")),
    # N images of 3 x k x k
    bench_sizes=((8, 16), (32, 32), (64, 64)),
)
