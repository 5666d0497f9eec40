"""What parity checks for rnn."""

import numpy as np

import data
from parity.kinds import GradientSpec, Textbook


def layer(rng, backward=False):
    """X (N, T, D) and the layer's weights, (and for the backward pass its states and the
    gradient into h_T, or into every h_t as a language model sends it)."""
    N, T, D, H = (int(v) for v in rng.integers(1, 7, 4))
    X, W_xh, W_hh = (rng.standard_normal((N, T, D)), rng.standard_normal((D, H)) / D,
                     rng.standard_normal((H, H)) / H)
    b_xh, b_hh = rng.standard_normal(H), rng.standard_normal(H)
    if not backward:
        return X, W_xh, W_hh, b_xh, b_hh
    states = [np.zeros((N, H)), *np.tanh(rng.standard_normal((T, N, H)))]
    dH = rng.standard_normal((N, T, H) if rng.random() < 0.5 else (N, H))
    return X, states, dH, W_xh, W_hh


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
    # the file opens with the layer one step at a time; every case also runs on it
    # (the textbook layer lists its states, the fast one stacks them: compared as one array)
    textbook=(Textbook("rnn_layer_hoisted", "rnn_layer", inputs=layer, beside="RNN.forward",
                       normalize=np.asarray),
              Textbook("rnn_layer_hoisted_backward", "rnn_layer_backward",
                       inputs=lambda rng: layer(rng, backward=True), beside="RNN.gradients")),
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
