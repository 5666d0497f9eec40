"""What parity checks for mlp."""

import data
from parity.kinds import GradientSpec

SPEC = GradientSpec(
    model="MLP",
    # scikit-learn's bundled 8x8 digits: 1797 images, 64 pixels, 10 classes.
    data=lambda rng: data.digits(),
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    hyperparams={"hidden": (32, 16), "n_classes": 10, "lr": 0.3},
    # He (relu) or Xavier (tanh, sigmoid) weights, drawn by the scratch model from a seed the
    # parity generator gives it, then loaded into both sides.
    init="scratch",
    variants={"relu": {"activation": "relu"}, "tanh": {"activation": "tanh"},
              "sigmoid": {"activation": "sigmoid"}},
    # From scratch.py to framework.py one piece at a time (README.md walks it).
    ladder=("rung_2_autograd", "rung_3_loss_optim"),
    # Digits are separable: no finite optimum to compare against.
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
)
