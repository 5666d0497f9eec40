"""What parity checks for softmax_regression."""

import data
from parity.kinds import GradientSpec

SPEC = GradientSpec(
    model="SoftmaxRegression",
    # scikit-learn's bundled 8x8 digits: 1797 images, 64 pixels, 10 classes.
    data=lambda rng: data.digits(),
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    hyperparams={"n_classes": 10, "lr": 0.5},
    # Digits are linearly separable: the unpenalized loss has no finite minimum, so there is
    # no optimum for scikit-learn to compare against.
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
)
