"""What parity checks for word2vec.

The parity data: every skip-gram pair within 2 words of the opening of tiny shakespeare (written
into data.text, so that parity needs no file), and 5 noise words for each, drawn once from the
parity generator by the unigram distribution raised to 3/4 and shared by both sides. The
lesson trains on the whole file (`python -m algorithms.word2vec.lesson`, see the README).
"""

from data import text
from parity.kinds import GradientSpec, Textbook

VOCAB = len(text.WordVocabulary(text.words(text.OPENING)))
NEGATIVES = 5


def pairs(rng):
    """Word vectors (V, d), pairs (N, 2) and noise words (N, K) of random sizes, repeated words
    among them: what the two forms of the gradients take."""
    V, d, N, K = (int(n) for n in rng.integers(2, 9, 4))
    W_in, W_out = rng.standard_normal((V, d)), rng.standard_normal((V, d))
    return W_in, W_out, rng.integers(0, V, (N, 2)), rng.integers(0, V, (N, K))


SPEC = GradientSpec(
    model="SkipGram",
    inputs="word_pairs",
    data=lambda rng: text.opening_word_pairs(rng, window=2, n_negatives=NEGATIVES),
    vocab_size=VOCAB,
    target_name="negatives",
    hyperparams={"embedding_dim": 8, "n_negatives": NEGATIVES, "lr": 0.5},
    # N(0, 0.1^2) for both matrices (word2vec's zero W_out would make every dL/dW_in 0 at the
    # start), drawn by the parity generator and loaded into both sides
    init_scale=0.1,
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    batch_size=32,
    # the file opens with the gradients one pair at a time; every case also runs on them
    textbook=(Textbook("skipgram_gradients", "skipgram_gradients_per_pair", inputs=pairs,
                       beside="SkipGram.loss"),),
    # (N, V): N pairs a step over a vocabulary of V words (d = 100, K = 5)
    bench_sizes=((1024, 1000), (4096, 10000), (4096, 100000)),
    bench_hyperparams={"embedding_dim": 100},
)
