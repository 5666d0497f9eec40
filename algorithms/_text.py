"""Text shared by both sides of the text pairs: sampling the next token (the language models),
word2vec's noise distribution and its negative samples, and the tokenizers' regexes and checks.

NumPy and the standard library only, so that `scratch.py` files may import it.
"""

import numpy as np

from algorithms._inputs import DrawnEachStep, as_array, check_tokens, whole_ids
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


class CachedLogits:
    """`next_logits` for sample_tokens that feeds each token through the model once.

    logits(ids, cache) (N, t, V) runs the t tokens ids (N, t) after those the cache has seen
    and adds their keys and values to it; new_cache() is an empty one. While the ids given
    extend the ids seen by one token, only that token runs. When they do not (the first call,
    or the context window sliding past its first token, which moves every position and so
    changes every cached key), the cache starts again from the ids given: one full pass.
    """

    def __init__(self, logits, new_cache):
        self.logits, self.new_cache = logits, new_cache
        self.cache, self.seen = None, np.empty(0, dtype=np.int64)

    def __call__(self, ids):
        row = ids[0]
        if len(row) == len(self.seen) + 1 and np.array_equal(row[:-1], self.seen):
            z = self.logits(ids[:, -1:], self.cache)                   # the new token alone
        else:
            self.cache = self.new_cache()
            z = self.logits(ids, self.cache)                           # every position again
        self.seen = row
        return z[0, -1]


def unigram_noise(context_ids, vocab_size, power=0.75):
    """word2vec's noise distribution (V,): each word's frequency among the contexts, raised to
    3/4 (rare words drawn more often than their frequency says), normalized. A stream's every
    word is a context about 2 window times, so these frequencies are the corpus's."""
    weights = np.bincount(context_ids, minlength=vocab_size).astype(np.float64) ** power
    return weights / weights.sum()


class NegativeSamples(DrawnEachStep):
    """word2vec's noise words, drawn afresh at every step: (rows, K) word ids from the unigram
    noise of the contexts of X (N, 2)."""

    def __init__(self, X, vocab_size, n_negatives, seed, convert=None):
        super().__init__(len(X), seed, convert)
        self.n_negatives, self.vocab_size = n_negatives, vocab_size
        self.noise = unigram_noise(X[:, 1], vocab_size)

    def draw(self, rows):
        return self.rng.choice(self.vocab_size, size=(rows, self.n_negatives), p=self.noise)


# --- tokenizers --------------------------------------------------------------------------

# The regexes that split a text into the pieces a byte-pair encoding merges within. GPT-2's
# keeps a word with the space before it (" world"), a run of digits, a run of punctuation; a
# run of spaces before a word leaves that word its space. GPT-4's (tiktoken's cl100k_base) also
# cuts numbers into groups of at most three digits and ignores case in "'s", "'ll", ...
PATTERNS = {
    "gpt2": r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
    "cl100k": (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+"""
               r"""| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""),
}


class RanOutOfPairs(ValueError):
    """A text too short for the vocabulary asked: every piece became one token first."""

    def __init__(self, vocab_size):
        super().__init__(f"the text runs out of pairs to merge before vocab_size={vocab_size} "
                         "tokens: give a longer text or a smaller vocab_size")


def check_text(text, allow_empty=False):
    """text, a str (not bytes: a tokenizer reads characters and writes their UTF-8 itself)."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str; got {type(text).__name__}")
    if not text and not allow_empty:
        raise ValueError("text is empty: there is nothing to learn merges from")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:                  # a lone surrogate has no UTF-8
        raise ValueError(f"text must be valid Unicode: a lone surrogate "
                         f"{text[error.start]!r} at position {error.start} has no UTF-8 "
                         "bytes") from None
    return text


def check_token_ids(ids, vocab_size):
    """ids as a 1-D int64 array of token ids 0..vocab_size-1 (an empty one is the empty text)."""
    if isinstance(ids, (str, bytes)):
        raise ValueError(f"ids must be a 1-D array of token ids; got a {type(ids).__name__}")
    ids = as_array("ids", ids)
    if ids.ndim != 1:
        raise ValueError(f"ids must be a 1-D array of token ids; got shape {ids.shape}")
    if ids.size == 0:
        return ids.astype(np.int64)
    return whole_ids("ids", ids, vocab_size, "token ids")


def check_vocabulary(state, vocab_size):
    """state["tokens"] as a tokenizer's vocabulary: vocab_size distinct byte strings, the 256
    single bytes first and in order, every later token two earlier ones joined."""
    tokens = state.get("tokens") if isinstance(state, dict) else None
    if not isinstance(tokens, (list, tuple)) or not all(isinstance(t, bytes) for t in tokens):
        raise ValueError("the state must be {'tokens': a list of byte strings}")
    if len(tokens) != vocab_size:
        raise ValueError(f"the state holds {len(tokens)} tokens, but vocab_size is {vocab_size}")
    if list(tokens[:256]) != [bytes([i]) for i in range(256)]:
        raise ValueError("the first 256 tokens must be the single bytes 0..255, in order")
    seen = {}
    for i, token in enumerate(tokens):
        if token in seen:
            raise ValueError(f"token {i} repeats token {seen[token]}: {token!r}")
        if i >= 256 and not any(token[:k] in seen and token[k:] in seen
                                for k in range(1, len(token))):
            raise ValueError(f"token {i} ({token!r}) is not two earlier tokens joined")
        seen[token] = i
    return list(tokens)
