"""What parity checks for rnn."""

import data
from parity.spec import GradientSpec

SPEC = GradientSpec(
    model="RNN",
    # scikit-learn's 8x8 digits read row by row: 8 steps of 8 pixels, classify from the last
    # state. Pixels run 0..16: scaled to 0..1 so that tanh does not saturate from the start.
    data=lambda rng: (data.digits()[0] / 16, data.digits()[1]),
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    hyperparams={"seq_len": 8, "hidden": 32, "n_classes": 10, "lr": 0.5},
    # U(-1/sqrt(H), 1/sqrt(H)) drawn by the scratch model from a seed the parity generator
    # gives it, then loaded into both sides
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    # N sequences of 8 steps of D / 8 features
    bench_sizes=((256, 64), (1024, 128), (4096, 256)),
    # the battery's and property tests' random problems: 8 steps of 2 features
    image_features=16,
    battery_opt_outs={"one_feature": "one column is no sequence of seq_len=8 steps: both sides "
                                     "refuse it with the same ValueError (hyperparameters)"},
    invalid_hyperparams=(
        ({"seq_len": 3}, "is not a multiple of seq_len=3"),
    ),
)
