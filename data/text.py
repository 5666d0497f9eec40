"""Text as token ids: characters for the language models, words for word2vec.

    vocab = CharVocabulary(text)                 # the sorted characters of the text
    ids = vocab.encode(text)                     # (len(text),) int64
    X, y = windows(ids, T, starts)               # X (N, T) ids, y (N, T) the next ones
    train, val = split(ids, 0.1)                 # the first 90% and the last 10%
    X, y = every_window(OPENING, T)              # the parity problems of the language models

    vocab = WordVocabulary(words(text), 5)       # words seen 5 times or more, by frequency
    ids = subsample(vocab.encode(words(text)), vocab.counts, 1e-3, rng)   # fewer "the"s
    X = skipgram_pairs(ids, window)              # (N, 2) (center, context) ids
"""

import collections
import re

import numpy as np

from algorithms._text import unigram_noise

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


def words(text):
    """The words of `text`, lower-cased: runs of ASCII letters and apostrophes ("citizen:" ->
    "citizen", "you'll" stays one word)."""
    return re.findall(r"[a-z']+", text.lower())


class WordVocabulary:
    """Words <-> ids 0..V-1 by falling frequency (ties in alphabetical order), keeping the words
    seen at least min_count times; `counts` (V,) holds their frequencies."""

    def __init__(self, words, min_count=1):
        if min_count < 1:
            raise ValueError(f"min_count must be at least 1; got {min_count}")
        frequency = collections.Counter(words)
        kept = sorted((word for word, count in frequency.items() if count >= min_count),
                      key=lambda word: (-frequency[word], word))
        if not kept:
            raise ValueError(f"no word is seen {min_count} times: an empty vocabulary")
        self.words = kept
        self.index = {word: i for i, word in enumerate(kept)}
        self.counts = np.array([frequency[word] for word in kept], dtype=np.int64)

    def __len__(self):
        return len(self.words)

    def encode(self, words):
        """The ids of the words in the vocabulary, in order; the others are dropped (as
        word2vec drops rare words before it forms windows)."""
        return np.array([self.index[word] for word in words if word in self.index],
                        dtype=np.int64)

    def decode(self, ids):
        return [self.words[i] for i in ids]


def subsample(ids, counts, threshold, rng):
    """The id stream without some of its frequent words, as word2vec thins them: each
    occurrence of a word of frequency f (its share of the stream) is kept with probability
    sqrt(t / f) + t / f (word2vec's C code), t = threshold; words rarer than about t are all
    kept. "the" says little about the words around it, and it is everywhere."""
    frequency = counts / counts.sum()
    keep = np.sqrt(threshold / frequency) + threshold / frequency          # (V,)
    return ids[rng.random(len(ids)) < keep[ids]]


def skipgram_pairs(ids, window):
    """X (N, 2): every (center, context) pair of the id stream with the context at most
    `window` positions before or after the center, in order of the center, then the offset
    -window..window."""
    if window < 1:
        raise ValueError(f"window must be at least 1; got {window}")
    ids, n = np.asarray(ids), len(ids)
    offsets = [offset for offset in range(-window, window + 1) if 0 < abs(offset) < n]
    centers = np.concatenate([np.arange(max(0, -offset), n - max(0, offset))  # a context
                              for offset in offsets] or [np.array([], dtype=np.int64)])
    contexts = np.concatenate([np.arange(max(0, -offset), n - max(0, offset)) + offset
                               for offset in offsets] or [np.array([], dtype=np.int64)])
    order = np.argsort(centers, kind="stable")
    return np.stack([ids[centers[order]], ids[contexts[order]]], axis=1)     # (N, 2)


def opening_word_pairs(rng, window=2, n_negatives=5):
    """The parity data of word2vec: X (N, 2) every skip-gram pair of the words of OPENING within
    `window`, and K = n_negatives noise words (N, K) for each, drawn from `rng` by the unigram
    distribution raised to 3/4 (algorithms._text.unigram_noise)."""
    vocabulary = WordVocabulary(words(OPENING))
    X = skipgram_pairs(vocabulary.encode(words(OPENING)), window)
    noise = unigram_noise(X[:, 1], len(vocabulary))
    return X, rng.choice(len(vocabulary), size=(len(X), n_negatives), p=noise)
