"""What parity checks for seq2seq_transformer.

The parity data: 48 strings of 6 random digits and, as targets, the same strings reversed (the
lesson's task); a variant sorts them instead. The decoder reads BOS and the target shifted
right (teacher forcing) in the loss, the gradients and the trajectory; forward is greedy
decoding, the decoder reading its own argmax tokens.
"""

import numpy as np

from parity.kinds import GradientSpec
from parity.tolerances import adam_float32

# Adam's float32 steps on gradients within a few eps of zero part by a share of lr (a key
# projection's bias, exactly 0 in exact arithmetic): see tolerances.adam_float32.
LR = 0.01
ADAM_ON_NOISE = adam_float32(LR)
DIGITS, LENGTH = 10, 6


def reversing(rng, n=48):
    """Digit strings X (n, 6) and each reversed: y[:, t] = X[:, 5 - t]."""
    X = rng.integers(0, DIGITS, (n, LENGTH))
    return X, X[:, ::-1].copy()


def sorting(rng, n=48):
    """Digit strings X (n, 6) and each sorted."""
    X = rng.integers(0, DIGITS, (n, LENGTH))
    return X, np.sort(X, axis=1)


SPEC = GradientSpec(
    model="Seq2SeqTransformer",
    data=reversing,
    inputs="tokens",
    vocab_size=DIGITS,
    hyperparams={"vocab_size": DIGITS, "d_model": 16, "n_heads": 2, "num_encoder_layers": 1,
                 "num_decoder_layers": 2, "dim_feedforward": 24, "lr": LR},
    # N(0, 0.02^2) weights, zero biases, unit layer-norm gains, drawn by the scratch model
    # from a seed the parity generator gives it, then loaded into both sides
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    steps=10,
    batch_size=16,
    tolerances={("trajectory", "float32"): ADAM_ON_NOISE, ("fit", "float32"): ADAM_ON_NOISE},
    variants={"reverse": {}, "sort": {"spec": {"data": sorting}}},
    # (N, T): 8 pairs of sequences of T = 16, 32, 64 positions (d_model 16, 2 heads, 1 + 2
    # layers); forward is greedy decoding: T decoder passes over 1, 2, .. T positions
    bench_sizes=((8, 16), (8, 32), (8, 64)),
    invalid_hyperparams=(
        ({"d_model": 7}, "d_model=7 must be even and a multiple of n_heads=2"),
        ({"d_model": 6, "n_heads": 4}, "d_model=6 must be even and a multiple of n_heads=4"),
    ),
)
