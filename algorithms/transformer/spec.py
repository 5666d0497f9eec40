"""What parity checks for transformer.

The parity data: every window of 16 characters of the opening of tiny shakespeare (written into
data.text, so that parity needs no file), the target at each position the character after it.
"""

from data import text
from parity.kinds import GradientSpec
from parity.tolerances import Tolerance

# Adam's first steps are lr g / (|g| + eps), eps = 1e-8: an entry whose gradient is within a
# few eps of zero takes a step that its last digits decide. The key projection's bias has
# gradient 0 in exact arithmetic (softmax ignores a shift that every key shares), so each side
# computes rounding noise there, ~1e-9 in float32; and among ~20,000 weights some gradients
# are ~1e-8 by chance, carrying float32 errors of ~1e-9 (sums of terms ~1e-3): seed 0's
# rotary variant has one at 1.17e-8 that the two sides round to 1.04e-8 and 1.20e-8, steps
# 4.7e-4 apart after the first step. float32 trajectories are therefore compared to 1e-3, a
# tenth of a step of lr = 0.01; float64's noise (~1e-17) stays far below its tolerance, which
# keeps the default.
ADAM_ON_NOISE = Tolerance(rtol=1.3e-6, atol=1e-3, scale_atol=False, reason=(
    "Adam turns float32 rounding in gradients within a few eps of zero into differences of a "
    "part of a step: see the comment above"))

CONTEXT = 16
VOCAB = len(set(text.OPENING))

SPEC = GradientSpec(
    model="GPT",
    data=lambda rng: text.every_window(text.OPENING, CONTEXT),
    vocab_size=VOCAB,
    hyperparams={"vocab_size": VOCAB, "d_model": 16, "n_heads": 2, "n_layers": 2, "lr": 0.01},
    # N(0, 0.02^2) weights, zero biases, unit layer-norm gains, drawn by the scratch model
    # from a seed the parity generator gives it, then loaded into both sides
    init="scratch",
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit", "kv_cache"),
    steps=10,
    tolerances={("trajectory", "float32"): ADAM_ON_NOISE, ("fit", "float32"): ADAM_ON_NOISE},
    batch_size=16,
    # (N, T): 8 sequences of T = 64, 256, 1024 positions (d_model 16, 2 heads, 2 blocks); the
    # next_token loop times the last token after a KV cache of the T - 1 before it
    bench_sizes=((8, 64), (8, 256), (8, 1024)),
    # GPT-2's choices, each of LLaMA's alone, and LLaMA's together (4 query heads of 4
    # features over 2 key and value heads)
    variants={"gpt2": {},
              "rotary": {"positions": "rotary"},
              "rms_norm": {"norm": "rms"},
              "swiglu": {"mlp": "swiglu"},
              "grouped_query": {"n_heads": 4, "n_kv_heads": 2},
              "llama": {"positions": "rotary", "norm": "rms", "mlp": "swiglu", "n_heads": 4,
                        "n_kv_heads": 2}},
    invalid_hyperparams=(
        ({"d_model": 7}, "d_model=7 must be even and a multiple of n_heads=2"),
        ({"d_model": 6, "n_heads": 4}, "d_model=6 must be even and a multiple of n_heads=4"),
        ({"n_heads": 4, "n_kv_heads": 3}, "n_heads=4 must be a multiple of n_kv_heads=3"),
        ({"d_model": 12, "n_heads": 4, "positions": "rotary"},
         "rotary positions turn features in pairs: d_model / n_heads = 3 must be even"),
    ),
)
