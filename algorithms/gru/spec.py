"""What parity checks for gru."""


import data
from algorithms.gru.scratch import gru_layer
from parity.kinds import GradientSpec, Textbook


def layer(rng, backward=False):
    """X (N, T, D) and the layer's weights; for the backward pass, the steps of a forward pass
    and the gradient into h_T."""
    N, T, D, H = (int(v) for v in rng.integers(1, 7, 4))
    X, W_x, W_h = (rng.standard_normal((N, T, D)), rng.standard_normal((D, 3 * H)) / D,
                   rng.standard_normal((H, 3 * H)) / H)
    b_x, b_h = rng.standard_normal(3 * H), rng.standard_normal(3 * H)
    if not backward:
        return X, W_x, W_h, b_x, b_h
    steps, _ = gru_layer(X, W_x, W_h, b_x, b_h)
    return X, steps, rng.standard_normal((N, H)), W_x, W_h

SPEC = GradientSpec(
    model="GRU",
    # scikit-learn's 8x8 digits read row by row: 8 steps of 8 pixels, classify from the last
    # state. Pixels run 0..16: scaled to 0..1 so that tanh does not saturate from the start.
    data=lambda rng: (data.digits()[0] / 16, data.digits()[1]),
    targets=lambda rng, n_samples: rng.integers(0, 10, n_samples),
    hyperparams={"seq_len": 8, "hidden": 32, "n_classes": 10, "lr": 0.5},
    # U(-1/sqrt(H), 1/sqrt(H)) drawn by the scratch model from a seed the parity generator
    # gives it, then loaded into both sides
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    # the file opens with the layer one step at a time; every case also runs on it
    textbook=(Textbook("gru_layer_hoisted", "gru_layer", inputs=layer, beside="GRU.forward"),
              Textbook("gru_layer_hoisted_backward", "gru_layer_backward",
                       inputs=lambda rng: layer(rng, backward=True), beside="GRU.gradients")),
    # 1024 sequences of T = 8, 32 and 128 steps of 32 features (D = 32 T), H = 32: the time
    # through the loop over T, which no product can take at once
    bench_sizes=((1024, 256), (1024, 1024), (1024, 4096)),
    bench_hyperparams=lambda N, D: {"seq_len": D // 32},
    # the battery's and property tests' random problems: 8 steps of 2 features
    image_features=16,
    battery_opt_outs={"one_feature": "one column is no sequence of seq_len=8 steps: both "
                                     "sides refuse it with the same ValueError"},
    invalid_hyperparams=(
        ({"seq_len": 3}, "is not a multiple of seq_len=3"),
    ),
)
