"""What parity checks for char_lm.

The parity data: every window of 16 characters of the opening of tiny shakespeare (written into
data.text, so that parity needs no file), the target at each step the character after it. The
model trains on the whole file with `python -m algorithms.char_lm.train` (see the README).
"""

from data import text
from parity.kinds import GradientSpec
from parity.tolerances import adam_float32

CONTEXT = 16
VOCAB = len(set(text.OPENING))
LR = 0.01
# Adam's float32 steps on gradients within a few eps of zero part by a share of lr: over seeds
# 0-9 the gated cells' W_hy and W_xh part by up to 8.7e-5 (GRU, seed 6) where float32's atol
# is 1e-5 (tolerances.adam_float32); float64 keeps the default
ADAM_ON_NOISE = adam_float32(LR)

SPEC = GradientSpec(
    model="CharRNN",
    data=lambda rng: text.every_window(text.OPENING, CONTEXT),
    inputs="tokens",
    vocab_size=VOCAB,
    hyperparams={"vocab_size": VOCAB, "hidden": 32, "lr": LR},
    # U(-1/sqrt(H), 1/sqrt(H)) drawn by the scratch model from a seed the parity generator
    # gives it, then loaded into both sides
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    steps=10,
    tolerances={("trajectory", "float32"): ADAM_ON_NOISE, ("fit", "float32"): ADAM_ON_NOISE},
    batch_size=16,
    # (N, T): 32 sequences of T = 32, 128, 512 characters (32 hidden units, 34 characters)
    bench_sizes=((32, 32), (32, 128), (32, 512)),
    # each cell through its own pair's recurrence
    variants={"rnn": {"cell": "rnn"}, "lstm": {"cell": "lstm"}, "gru": {"cell": "gru"}},
)
