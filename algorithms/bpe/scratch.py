"""Byte-pair encoding (Sennrich et al., 2016; GPT-2's byte-level form), trained by hand.

BPE learns a vocabulary by merging. It starts from the 256 byte values and makes the most
frequent pair of adjacent tokens a new token, again and again, until it holds vocab_size:

    fit(text)      pieces = split(text)           GPT-2's regex: "Hello", " world", "!!", "\\n"
                   tokens = each piece's UTF-8 bytes, ids 0..255; no merge crosses two pieces
                   for new_id in 256 .. vocab_size - 1:
                       (a, b) = the pair of adjacent ids counted most often within the pieces
                       every (a, b) becomes new_id, left to right: a a a -> (aa) a
    encode(text)   within each piece, merge the adjacent pair whose bytes are the token of
                   lowest id, until no adjacent pair is a token (a piece that is itself a
                   token is that token at once: tiktoken's shortcut, which merging reaches too
                   for every vocabulary fit learns)
    decode(ids)    the tokens' bytes joined, read as UTF-8 (a character cut in two reads as
                   U+FFFD, the replacement character)

Ties. Of pairs counted equally often, the one met first wins: reading the pieces in the order
of the text, each from left to right, as they stand after the merges so far. This is the rule
of tiktoken's educational trainer (its Counter keeps pairs in the order first seen, and max
returns the first of equal counts); Hugging Face's trainer breaks ties by the pair's ids
instead, which is why the framework side is tiktoken's.

Shapes: text a str; ids (n,) int64; the vocabulary `tokens` a list of vocab_size byte strings,
token i at index i, the first 256 the single bytes.
"""

import collections
import itertools

import numpy as np
import regex

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


# --- the idea: count every pair, merge the most frequent, repeat ----------------------------

def train_merges(pieces, n_merges):
    """The merges (n_merges, 2): row i is the pair of ids that became token 256 + i, learned
    from `pieces` (a list of byte strings, in the order of the text)."""
    words = [list(piece) for piece in pieces]                 # each piece as byte ids 0..255
    merges = []
    for new_id in range(BYTES, BYTES + n_merges):
        counts = {}                                           # keeps the order first seen
        for word in words:
            for pair in itertools.pairwise(word):
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            raise RanOutOfPairs(BYTES + n_merges)
        best = max(counts, key=counts.get)                    # the first of the most frequent
        words = [merge_pair(word, best, new_id) for word in words]
        merges.append(best)
    return np.array(merges, dtype=np.int64).reshape(n_merges, 2)


def merge_pair(word, pair, new_id):
    """word (a list of ids) with each `pair` replaced by new_id, left to right, no overlap."""
    merged, i = [], 0
    while i < len(word):
        if tuple(word[i:i + 2]) == pair:
            merged.append(new_id)
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return merged


# --- the same merges, faster: each distinct piece once, weighted by its count ---------------
# A text repeats its pieces (" the" thousands of times), so the fast form keeps each distinct
# piece once with its count, all of them in one array, and counts and merges with NumPy. The
# distinct pieces stay in the order first seen, which keeps the tie rule: a pair's first
# occurrence in the text lies in the first occurrence of the first piece holding it.

def train_merges_weighted(pieces, n_merges):
    """train_merges, on the distinct pieces with their counts, in NumPy."""
    if not pieces:
        raise RanOutOfPairs(BYTES + n_merges)
    distinct = collections.Counter(pieces)                    # piece -> count, first-seen order
    # every distinct piece's ids followed by -1, one flat array (n,), and its count at each id
    ids = np.concatenate([np.frombuffer(piece + b"\0", np.uint8).astype(np.int64)
                          for piece in distinct])
    ids[np.cumsum([len(piece) + 1 for piece in distinct]) - 1] = -1
    weight = np.repeat(np.array(list(distinct.values()), dtype=np.float64),
                       [len(piece) + 1 for piece in distinct])
    n_ids = BYTES + n_merges
    merges = np.empty((n_merges, 2), dtype=np.int64)
    for row, new_id in enumerate(range(BYTES, n_ids)):
        starts = np.flatnonzero((ids[:-1] >= 0) & (ids[1:] >= 0))   # pairs within a piece
        if not starts.size:
            raise RanOutOfPairs(n_ids)
        codes = ids[starts] * n_ids + ids[starts + 1]         # the pair (a, b) as one number
        pairs, first, which = np.unique(codes, return_index=True, return_inverse=True)
        counts = np.bincount(which, weights=weight[starts])   # (distinct pairs,)
        tied = np.flatnonzero(counts == counts.max())
        best = tied[np.argmin(first[tied])]                   # the first met of the most frequent
        merges[row] = divmod(int(pairs[best]), n_ids)
        at = starts[which == best]                            # where the pair starts, ascending
        if merges[row, 0] == merges[row, 1]:                  # a a a: the first two merge, then
            at = every_other_in_runs(at)                      # the third may pair with a fourth
        ids[at] = new_id
        ids, weight = np.delete(ids, at + 1), np.delete(weight, at + 1)
    return merges


def every_other_in_runs(at):
    """Of sorted positions, in each run of consecutive ones the 1st, 3rd, 5th, ...: where
    a pair (a, a) merges left to right in a run of a's."""
    run_start = np.diff(at, prepend=at[0] - 2) != 1           # (len(at),) True opens a run
    opened_at = np.maximum.accumulate(np.where(run_start, np.arange(len(at)), 0))
    return at[(np.arange(len(at)) - opened_at) % 2 == 0]


def split(text, pattern):
    """The pieces of the text that the pattern's regex finds, as UTF-8 byte strings."""
    return [piece.encode("utf-8") for piece in regex.findall(PATTERNS[pattern], text)]


def encode_piece(piece, ranks):
    """The ids of one piece (bytes): merge the adjacent pair whose joined bytes are the token
    of lowest id (the leftmost of equal ones), until no adjacent pair is a token."""
    parts = [piece[i:i + 1] for i in range(len(piece))]
    while len(parts) > 1:
        ranked = [(ranks[left + right], i)
                  for i, (left, right) in enumerate(itertools.pairwise(parts))
                  if left + right in ranks]
        if not ranked:
            break
        _, i = min(ranked)
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
    return [ranks[part] for part in parts]


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
        pieces = split(check_text(text), self.pattern)
        merges = train_merges_weighted(pieces, self.vocab_size - BYTES)
        tokens = [bytes([i]) for i in range(BYTES)]
        for left, right in merges:
            tokens.append(tokens[left] + tokens[right])
        self.load_state_dict({"tokens": tokens})
        return self

    def state_dict(self):
        """{"tokens": the vocabulary, token i's bytes at index i}."""
        check_is_fitted(self, "tokens_")
        return {"tokens": list(self.tokens_)}

    def load_state_dict(self, state):
        self.tokens_ = check_vocabulary(state, self.vocab_size)
        self.ranks_ = {token: i for i, token in enumerate(self.tokens_)}   # bytes -> id
        return self

    def encode(self, text):
        """The token ids of the text (n,) int64."""
        check_is_fitted(self, "tokens_")
        known = {}                                            # each distinct piece once
        ids = []
        for piece in split(check_text(text, allow_empty=True), self.pattern):
            if piece not in known:
                known[piece] = ([self.ranks_[piece]] if piece in self.ranks_
                                else encode_piece(piece, self.ranks_))
            ids.extend(known[piece])
        return np.array(ids, dtype=np.int64)

    def decode(self, ids):
        """The text of the token ids (n,); a character cut in two reads as U+FFFD."""
        check_is_fitted(self, "tokens_")
        ids = check_token_ids(ids, self.vocab_size)
        return b"".join(self.tokens_[i] for i in ids.tolist()).decode("utf-8", errors="replace")
