"""What parity checks for BPE.

The parity texts are drawn from the parity generator: prose of invented words with a few
frequent ones, capitals, digits, punctuation, line breaks, accented letters, CJK characters
(three UTF-8 bytes each) and an emoji (four), so that merges join pieces of characters too.
The held-out text holds characters the training text never had. Variants: GPT-4's split
(cl100k), the opening of tiny shakespeare, and a text where every pair is counted alike
(ties), which only the tie rule decides.
"""

from data.text import OPENING
from parity.kinds import Textbook, TokenizerSpec

LETTERS = [*"abcdefghijklmnopqrstuvwxyz", "é", "ü", "ß", "日", "本", "語"]
MARKS = [".", ",", "!", "?", "'s", "'ll", "\n", " ", "  ", "\n\n", " 2026", " 42", "🙂", "...",
         "....."]


def prose(rng, n_words=400, lexicon_size=60):
    """Words of a seeded lexicon, drawn as Zipf's law draws words (the k-th with weight 1/k),
    some capitalized, with marks between them."""
    lexicon = ["".join(rng.choice(LETTERS, size=int(rng.integers(1, 8))))
               for _ in range(lexicon_size)]
    weights = 1 / (1 + rng.permutation(lexicon_size))
    words = rng.choice(lexicon, size=n_words, p=weights / weights.sum())
    out = []
    for word in words:
        out.append(word.capitalize() if rng.random() < 0.1 else word)
        out.append(rng.choice(MARKS) if rng.random() < 0.2 else " ")
    return "".join(out)


def prose_and_held_out(rng):
    return prose(rng), prose(rng, n_words=80) + " Ωmega ≈ ünseen 日本 🙂!"


def every_pair_alike(rng):
    """Distinct words of distinct letters, each word twice: the first merges all tie."""
    letters = rng.permutation(LETTERS[:26])
    words = ["".join(letters[i:i + 2]) for i in range(0, 26, 2)]
    return " ".join(rng.permutation(words * 2)), " ".join(words[::-1]) + " é"


def opening(rng):
    return OPENING, "First, you know Caius Marcius is chief enemy to the people? Speak! — Æ"


def pieces_and_merges(rng):
    """What the two forms of training take: the pieces of a short prose, as bytes, and a
    number of merges they can hold."""
    pieces = [piece.encode() for piece in prose(rng, n_words=60).split(" ") if piece]
    return pieces, int(rng.integers(1, 30))


SPEC = TokenizerSpec(
    model="BPE",
    hyperparams={"vocab_size": 320, "pattern": "gpt2"},
    text=prose_and_held_out,
    bench_text=lambda rng, n: prose(rng, n_words=n // 5, lexicon_size=2000)[:n],
    variants={"gpt2": {}, "cl100k": {"pattern": "cl100k"},
              "opening": {"spec": {"text": opening}},
              "ties": {"vocab_size": 262, "spec": {"text": every_pair_alike}}},
    # the file opens with the textbook form, every pair of every piece counted each round;
    # every case also runs on it
    textbook=(Textbook("train_merges_weighted", "train_merges", inputs=pieces_and_merges,
                       beside="BPE.fit"),),
)
