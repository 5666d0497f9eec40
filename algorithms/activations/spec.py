"""What parity checks for activations."""

import numpy as np

from parity.kinds import FunctionSpec


def logits(rng, n, k):
    """Z ~ N(0, 3^2): both sides of every kink and the saturated tails."""
    return (3 * rng.standard_normal((n, k)),)


def extreme_logits():
    """Rows that overflow a naive exp and saturate every function, with zeros in between."""
    return (np.array([[1e4, -1e4, 0.0, 1.0], [-1e4, -1e4, -1e4, -1e4], [750.0, -750.0, 1e-300, 1e4],
                      [88.8, -88.8, 40.0, -40.0]]),)


def gated(rng, n, k):
    """Z (n, 2k): swiglu's gate ~ N(0, 3^2) (both tails of silu) and value ~ N(0, 1) side by
    side, k each. The value multiplies the gate's derivatives, and central differences'
    truncation error with them: at 3^2 it reached 1.6x their tolerance at seed 6 of 0-9."""
    return (np.concatenate([3 * rng.standard_normal((n, k)), rng.standard_normal((n, k))],
                           axis=1),)


NAMES = ("sigmoid", "tanh", "softplus", "relu", "leaky_relu", "gelu", "silu", "swiglu", "softmax",
         "log_softmax")

SPEC = FunctionSpec(
    functions={**dict.fromkeys(NAMES, logits), "swiglu": gated},
    extremes=dict.fromkeys(NAMES, extreme_logits),
)
