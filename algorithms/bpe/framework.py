"""Byte-pair encoding with tiktoken: its educational trainer learns the merges, and the
tokenizer OpenAI ships (tiktoken.Encoding, in Rust) encodes and decodes with them.

    fit(text)      ranks = bpe_train(text, vocab_size, pattern)    {token bytes: id}, learned
                                                                   by counting every pair in
                                                                   every piece, each round
                   encoding = tiktoken.Encoding(ranks, pattern)    the shipped tokenizer
    encode(text)   encoding.encode_ordinary(text)                  a piece that is a token is
                                                                   that token; else the
                                                                   lowest-rank pair first
    decode(ids)    encoding.decode(ids)                            invalid UTF-8 -> U+FFFD

The trainer breaks ties between pairs counted equally often by the pair met first (its
Counter keeps the order first seen; max returns the first of equal counts). tiktoken's own
trainer for its released encodings is not public; this is the one it publishes, to teach.

The trainer splits the text with Python's regex module, the shipped tokenizer with its own Rust
regex, whose Unicode tables are older: 17,144 code points added to Unicode since, letters to
Python's regex, are no letters to the Rust one, and a text holding them splits differently
(tests/test_tokenizer.py holds the two equal over every code point Python's unicodedata knows).

Shapes: text a str; ids (n,) int64; the vocabulary `tokens` a list of vocab_size byte strings,
token i at index i, the first 256 the single bytes.
"""

import numpy as np
import tiktoken
from tiktoken._educational import bpe_train

from algorithms._inputs import check_is_fitted, forget_fit
from algorithms._params import Integer, Options, set_hyperparameters
from algorithms._text import (
    PATTERNS,
    RanOutOfPairs,
    check_text,
    check_token_ids,
    check_vocabulary,
)

BYTES = 256


class BPE:
    """A byte-level BPE tokenizer: fit learns the merges, encode and decode apply them.

    Parameters
    ----------
    vocab_size : int, the tokens learned, the 256 bytes among them (so at least 256).
    pattern : "gpt2" or "cl100k", the regex that splits the text into pieces before any merge
        (GPT-2's; GPT-4's, which also splits numbers into groups of three digits).
    """

    hyperparameters = {"vocab_size": Integer(low=BYTES), "pattern": Options(*PATTERNS)}

    def __init__(self, vocab_size=512, pattern="gpt2"):
        set_hyperparameters(self, locals())

    def __len__(self):
        """The number of tokens, as a language model's vocab_size."""
        return self.vocab_size

    def fit(self, text, y=None):
        forget_fit(self)
        text = check_text(text)
        try:
            ranks = bpe_train(text, self.vocab_size, PATTERNS[self.pattern], visualise=None)
        except ValueError as error:
            if "empty" not in str(error):      # max() of no pairs: every piece is one token
                raise
            raise RanOutOfPairs(self.vocab_size) from error
        self.load_state_dict({"tokens": sorted(ranks, key=ranks.get)})
        return self

    def state_dict(self):
        """{"tokens": the vocabulary, token i's bytes at index i}."""
        check_is_fitted(self, "tokens_")
        return {"tokens": list(self.tokens_)}

    def load_state_dict(self, state):
        self.tokens_ = check_vocabulary(state, self.vocab_size)
        self.encoding_ = tiktoken.Encoding(
            "bpe", pat_str=PATTERNS[self.pattern], special_tokens={},
            mergeable_ranks={token: i for i, token in enumerate(self.tokens_)})
        return self

    def encode(self, text):
        """The token ids of the text (n,) int64."""
        check_is_fitted(self, "tokens_")
        ids = self.encoding_.encode_ordinary(check_text(text, allow_empty=True))
        return np.array(ids, dtype=np.int64)

    def decode(self, ids):
        """The text of the token ids (n,); a character cut in two reads as U+FFFD."""
        check_is_fitted(self, "tokens_")
        return self.encoding_.decode(check_token_ids(ids, self.vocab_size).tolist())
