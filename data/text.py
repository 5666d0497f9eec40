"""Text as token ids for character-level language models.

    vocab = CharVocabulary(text)                 # the sorted characters of the text
    ids = vocab.encode(text)                     # (len(text),) int64
    X, y = windows(ids, T, starts)               # X (N, T) ids, y (N, T) the next ones
    train, val = split(ids, 0.1)                 # the first 90% and the last 10%
    X, y = every_window(OPENING, T)              # the parity problems of the language models
"""

import numpy as np

# The opening of tiny shakespeare, lightly cut: a corpus small enough to live in the code, for
# the parity problems of the language models (which must not depend on a file being present).
OPENING = ("First Citizen: Before we proceed any further, hear me speak. All: Speak, speak. "
           "First Citizen: You are all resolved rather to die than to famish? All: Resolved. "
           "resolved. First Citizen: First, you know Caius Marcius is chief enemy to the people.")


class CharVocabulary:
    """Characters <-> ids 0..V-1, in sorted order of the characters the text holds."""

    def __init__(self, text):
        if not text:
            raise ValueError("the text is empty: no characters to build a vocabulary from")
        self.chars = sorted(set(text))
        self.index = {char: i for i, char in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def encode(self, text):
        unknown = sorted(set(text) - set(self.index))
        if unknown:
            raise ValueError(f"characters outside the vocabulary: {unknown[:5]}")
        return np.array([self.index[char] for char in text], dtype=np.int64)

    def decode(self, ids):
        return "".join(self.chars[i] for i in ids)


def windows(ids, T, starts):
    """X (N, T): the T ids from each start; y (N, T): the id after each of them."""
    starts = np.asarray(starts)
    if len(ids) < T + 1:
        raise ValueError(f"{len(ids)} ids hold no window of T={T} and its next token")
    if starts.size and (starts.min() < 0 or starts.max() > len(ids) - T - 1):
        raise ValueError(f"window starts must lie in 0..{len(ids) - T - 1}")
    offsets = starts[:, None] + np.arange(T)                          # (N, T)
    return ids[offsets], ids[offsets + 1]


def random_windows(ids, T, n_windows, rng):
    """n_windows windows from starts drawn uniformly from `rng`."""
    return windows(ids, T, rng.integers(0, len(ids) - T, n_windows))


def split(ids, val_fraction=0.1):
    """(train, val): the first 1 - val_fraction of the ids and the rest, in order."""
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must lie in (0, 1); got {val_fraction}")
    cut = round(len(ids) * (1 - val_fraction))
    return ids[:cut], ids[cut:]


def every_window(text, T):
    """X (N, T), y (N, T): every window of T characters of `text` and the next ones, its
    vocabulary the characters of `text`."""
    ids = CharVocabulary(text).encode(text)
    return windows(ids, T, np.arange(len(ids) - T))
