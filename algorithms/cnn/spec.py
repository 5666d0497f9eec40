"""What parity checks for cnn."""

import data
from parity.kinds import GradientSpec


def jittered_digits(rng):
    """scikit-learn's 8x8 digits, each pixel moved by N(0, 0.01^2).

    The digits' blank background makes whole 3 x 3 windows exactly zero: every such window's
    convolution is exactly its bias, and relu and max pooling have kinks exactly there, where
    a central difference sees neither one-sided derivative. The jitter moves every window off
    its kinks by far more than the finite-difference step.
    """
    X, y = data.digits()
    return X + 0.01 * rng.standard_normal(X.shape), y


SPEC = GradientSpec(
    model="CNN",
    data=jittered_digits,
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    # LeNet on 8 x 8 digits: 6 and 16 channels of 3 x 3 kernels, each stage halving the image
    # (8 -> 4 -> 2), then dense 64 -> 120 -> 84 -> 10.
    hyperparams={"channels": (6, 16), "kernel_size": 3, "hidden": (120, 84), "n_classes": 10,
                 "lr": 0.05},
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    # N images of D = side^2 pixels, one channel: 8 x 8 (digits), 16 x 16, 28 x 28 (MNIST)
    bench_sizes=((64, 64), (256, 256), (1024, 784)),
    # The battery's and property tests' random problems: 4 x 4 images, the least that two
    # poolings can halve.
    image_features=16,
    battery_opt_outs={"one_feature": "one pixel is no image: two 2 x 2 poolings need 4 x 4"},
    invalid_hyperparams=(
        ({"kernel_size": 4}, "kernel_size must be odd"),
        ({"image_shape": (1, 8, 7)}, "has 56 pixels, n_features is 16"),
        ({"channels": (2, 2, 2, 2)}, "too small for 4 2 x 2 poolings"),
    ),
)
