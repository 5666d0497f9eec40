"""What parity checks for attention.

A problem of size (T, d): B = 2 sequences of T positions, H = 2 heads of d features each (the
multi-head cases take X of E = H d features). The benchmarks keep B H = 8 sequence-heads and
d = 64 and grow T, the length that attention's cost grows with (T^2 scores).
"""

import numpy as np

from parity.kinds import FunctionSpec, Textbook
from parity.tolerances import Tolerance

BATCH, HEADS = 2, 2


def queries_keys_values(rng, T, d):
    """Q, K, V (B, H, T, d) with scores of order 1 to a few."""
    return tuple(rng.standard_normal((BATCH, HEADS, T, d)) for _ in range(3))


def padding(rng, T):
    """key_padding_mask (B, T): each sequence a random length >= 1, padded at the end."""
    lengths = rng.integers(1, T + 1, BATCH)
    return np.arange(T)[None, :] >= lengths[:, None]


def with_padding(rng, T, d):
    return (*queries_keys_values(rng, T, d), padding(rng, T))


def self_attention(rng, T, d):
    """X (B, T, E) and nn.MultiheadAttention's parameters at its own init scale, a mask."""
    E = HEADS * d
    bound = np.sqrt(6 / (E + E))                                   # Xavier, as torch's init
    return (rng.standard_normal((BATCH, T, E)), rng.uniform(-bound, bound, (3 * E, E)),
            0.1 * rng.standard_normal(3 * E), rng.uniform(-bound, bound, (E, E)),
            0.1 * rng.standard_normal(E), padding(rng, T))


def grouped(rng, T, d):
    """Q of 4 heads, K and V of 2 (B, ., T, d): query heads 0, 1 share key head 0."""
    return (rng.standard_normal((BATCH, 2 * HEADS, T, d)),
            *(rng.standard_normal((BATCH, HEADS, T, d)) for _ in range(2)))


def rotated(rng, T, d):
    """Q or K (B, H, T, 2d): the features in d pairs, each turned at its own frequency."""
    return (rng.standard_normal((BATCH, HEADS, T, 2 * d)),)


def blocked_problem(rng, gradient=False):
    """Q, K, V of T = 160 positions (two blocks of queries), a padding mask or None, dO if
    `gradient`, and causal or not: the arguments of the textbook and the blocked forms."""
    Q, K, V, mask = with_padding(rng, 160, 8)
    mask = mask if rng.random() < 0.5 else None
    dO = (rng.standard_normal(Q.shape),) if gradient else ()
    return (Q, K, V, mask, *dO, bool(rng.random() < 0.5))


def extreme_scores():
    """Scores of order 1e4: the softmax is one-hot, a naive exp overflows."""
    Q = np.array([[[[100.0, 0.0], [-100.0, 50.0], [0.0, 100.0]]]])   # (1, 1, 3, 2)
    return Q, Q.copy(), np.array([[[[1.0, -1.0], [2.0, 0.5], [1e-3, 1e6]]]])


def extreme_self_attention():
    X = np.array([[[1e3, -1e3], [5e2, 1e3], [-1e3, 0.0]]])             # (1, 3, 2)
    return (X, np.tile(np.eye(2), (3, 1)), np.zeros(6), np.eye(2), np.zeros(2),
            np.array([[False, False, True]]))


SPEC = FunctionSpec(
    functions={
        "attention": queries_keys_values,
        "attention_causal": queries_keys_values,
        "attention_padding": with_padding,
        "attention_padding_causal": with_padding,
        "multi_head": self_attention,
        "multi_head_causal": self_attention,
        "grouped_query": grouped,
        "grouped_query_causal": grouped,
        "rotary": rotated,
        "rotary_from_position_7": rotated,
    },
    extremes={
        "attention": extreme_scores,
        "attention_causal": extreme_scores,
        "attention_padding": lambda: (*extreme_scores(), np.array([[False, True, True]])),
        "attention_padding_causal": lambda: (*extreme_scores(), np.array([[False, False, True]])),
        "multi_head": extreme_self_attention,
        "multi_head_causal": extreme_self_attention,
        "grouped_query": lambda: (np.concatenate([extreme_scores()[0]] * 2, axis=1),
                                  *extreme_scores()[1:]),
        "grouped_query_causal": lambda: (np.concatenate([extreme_scores()[0]] * 2, axis=1),
                                         *extreme_scores()[1:]),
        "rotary": lambda: (np.array([[[[1e4, -1e4], [1e-300, 1e4], [-7.5, 3e3]]]]),),
        "rotary_from_position_7": lambda: (np.array([[[[1e4, -1e4], [1e-300, 1e4]]]]),),
    },
    wrt={"attention": 3, "attention_causal": 3, "attention_padding": 3,
         "attention_padding_causal": 3, "multi_head": 5, "multi_head_causal": 5,
         "grouped_query": 3, "grouped_query_causal": 3},
    calls={
        "attention": ("scaled_dot_product_attention", {}),
        "attention_causal": ("scaled_dot_product_attention", {"causal": True}),
        "attention_padding": ("padded_attention", {}),
        "attention_padding_causal": ("padded_attention", {"causal": True}),
        "multi_head": ("multi_head_attention", {"n_heads": HEADS}),
        "multi_head_causal": ("multi_head_attention", {"n_heads": HEADS, "causal": True}),
        "grouped_query": ("grouped_query_attention", {}),
        "grouped_query_causal": ("grouped_query_attention", {"causal": True}),
        "rotary_from_position_7": ("rotary", {"start": 7}),         # a KV cache's new rows
    },
    tolerances={("gradients", "float32"): Tolerance(
        rtol=2.6e-6, atol=2e-5,
        reason="float32: the multi-head gradients pass through five products (in-projection, "
               "scores, weights, values, out-projection), each rounding in its own order on "
               "each side; over seeds 0-9 they reach 1.2x the default float32 tolerance "
               "(python -m parity seeds), so twice it"),
                ("extremes", "float64"): Tolerance(
        rtol=1e-7, atol=1e-6, scale_cap=float("inf"),
        reason="multi-head weight gradients are cubic in X (dW_in = dQKV^T X, dQKV = dS K, "
               "K = X W_k^T): at X of 1e4 an entry whose exact value is 0 carries rounding "
               "errors that follow the largest terms, so atol is relative to the largest "
               "entry; and where the whole array is 0 (queries all equal: every key's gradient "
               "cancels) its rounding, eps |Q| |dP| n, reaches 1e-10 at |Q| = 1e4: atol 1e-6 "
               "over the 1e-3 floor allows 1e-9")},
    # T = 160: two blocks of queries (128 and 32), so that parity sees blocks meet
    size=(160, 4),
    # the file opens with the T x T scores whole; every case also runs on them
    textbook=(Textbook("_attention", "attention", inputs=blocked_problem,
                       beside="scaled_dot_product_attention"),
              Textbook("_attention_backward", "attention_backward",
                       inputs=lambda rng: blocked_problem(rng, gradient=True),
                       beside="scaled_dot_product_attention_backward")),
    # (T, d): B H = 4 sequence-heads of d = 64 at T = 64, 256, 1024 (multi-head: E = 128)
    bench_sizes=((64, 64), (256, 64), (1024, 64)),
)
