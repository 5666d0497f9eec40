"""Text generation shared by the language models of both sides: sampling the next token.

NumPy and the standard library only, so that `scratch.py` files may import it.
"""

import numpy as np

from algorithms._inputs import check_tokens
from algorithms._params import Integer, Real, check_hyperparameter


def sample_tokens(next_logits, prompt, n_tokens, *, vocab_size, context_length, temperature=1.0,
                  seed=0):
    """prompt (1-D token ids) followed by n_tokens drawn one at a time from softmax(z / t),
    z = next_logits(ids) the logits (V,) after the last of the ids given, at most
    `context_length` of them. NumPy's generator draws, so two models with equal logits write
    the same text."""
    tokens = list(check_tokens(np.atleast_2d(prompt), vocab_size=vocab_size)[0])
    check_hyperparameter("temperature", temperature, Real(low=0, low_open=True))
    check_hyperparameter("n_tokens", n_tokens, Integer(low=0))
    rng = np.random.default_rng(seed)
    for _ in range(n_tokens):
        z = np.asarray(next_logits(np.array([tokens[-context_length:]])), dtype=np.float64)
        z = (z - z.max()) / temperature                                # exponents <= 0
        p = np.exp(z)
        tokens.append(int(rng.choice(vocab_size, p=p / p.sum())))
    return np.array(tokens)
