"""What parity checks for transformer.

The parity data: every window of 16 characters of the opening of tiny shakespeare (written into
data.text, so that parity needs no file), the target at each position the character after it.
"""

from data import text
from parity.kinds import GradientSpec
from parity.tolerances import adam_float32

# Adam's float32 steps on gradients within a few eps of zero part by a share of lr (the key
# projection's bias, exactly 0 in exact arithmetic; at seed 0 the rotary variant's gradient of
# 1.17e-8, rounded to 1.04e-8 and 1.20e-8 by the two sides, steps 4.7e-4 apart): see
# tolerances.adam_float32.
LR = 0.01
ADAM_ON_NOISE = adam_float32(LR)

CONTEXT = 16
VOCAB = len(set(text.OPENING))

SPEC = GradientSpec(
    model="GPT",
    data=lambda rng: text.every_window(text.OPENING, CONTEXT),
    inputs="tokens",
    vocab_size=VOCAB,
    hyperparams={"vocab_size": VOCAB, "d_model": 16, "n_heads": 2, "n_layers": 2, "lr": LR},
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
