"""What word2vec learns from tiny shakespeare: words that keep the same company end up close.

    python -m algorithms.word2vec.lesson [--text PATH] [--epochs E] [--words W ...]
                                         [--tensorboard DIR]

The words of the text (lower-cased, those seen 5 times or more), frequent ones thinned as
word2vec thins them, become every (center, context) pair within 3 words. Both sides train the
same skip-gram model (50 dimensions, 5 noise words a pair, SGD) from the same initial vectors on
the same batches and noise words, drawn afresh at every step from one seed. The table gives the
loss on the pairs of the text's last tenth, which training never sees (against fixed noise
words), before and after training (untrained, the context vectors are 0: (K + 1) log 2 =
4.159 nats for K = 5), for each side, and the largest gap
between their trained vectors; then each probe word's (--words) nearest neighbours by cosine
similarity of the center vectors, and whether the two sides name the same ones. The text:
--text, else data.download.tiny_shakespeare() (local copy, cache, or download). --tensorboard
logs both trainings into DIR (parity.tensorboard): the loss at every step and its gap, the
held-out loss, and the trained vectors.
"""

import argparse
from pathlib import Path

import numpy as np
import torch

from algorithms._text import unigram_noise
from algorithms._torch import to_tensor
from algorithms.word2vec import framework, scratch
from data import download, text
from parity import tensorboard

SETTINGS = {"embedding_dim": 50, "n_negatives": 5, "lr": 10.0, "batch_size": 256}
WINDOW, MIN_COUNT, THRESHOLD = 3, 5, 1e-3
PROBES = ("king", "father", "thou", "night", "lord", "blood", "york")


def word_pairs(corpus, seed=0):
    """(train pairs, held-out pairs, vocabulary): the skip-gram pairs of the first 90% of the
    words and of the last 10%, frequent words thinned in both."""
    words = text.words(corpus)
    vocabulary = text.WordVocabulary(words, MIN_COUNT)
    ids = text.subsample(vocabulary.encode(words), vocabulary.counts, THRESHOLD,
                         np.random.default_rng(seed))
    train_ids, held_out_ids = text.split(ids, 0.1)
    return (text.skipgram_pairs(train_ids, WINDOW), text.skipgram_pairs(held_out_ids, WINDOW),
            vocabulary)


def both(vocab_size, epochs, **settings):
    """Scratch and framework models from the same initial vectors (the two sides' generators
    draw different ones from one seed)."""
    ours = scratch.SkipGram(vocab_size, epochs=epochs, **settings)
    theirs = framework.SkipGram(vocab_size, epochs=epochs, **settings)
    theirs.load_state_dict(ours.state_dict())
    return ours, theirs


def held_out_loss(model, X, negatives):
    """The mean negative-sampling loss of the pairs X against the noise words given."""
    if isinstance(model, framework.SkipGram):
        with torch.no_grad():
            return float(model.loss(to_tensor(X, "cpu"), to_tensor(negatives, "cpu")))
    return float(model.loss(X, negatives))


def log(folder, ours, theirs, losses):
    """Both trainings under folder: the loss per step and its gap, then at the last step the
    held-out loss and the vectors of each side."""
    board = tensorboard.Board(folder)
    board.step_losses(ours.loss_history_, theirs.loss_history_, first_step=1)
    last = len(ours.loss_history_)
    for index, (side, model) in enumerate((("scratch", ours), ("framework", theirs))):
        board.scalar(side, "loss/held out", losses[index], last)
        board.histograms(side, "vectors", model.state_dict(), last)
    board.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", help="a text file (default: tiny shakespeare)")
    parser.add_argument("--epochs", type=int, default=5, help="passes over the pairs")
    parser.add_argument("--words", nargs="+", default=PROBES,
                        help="the words whose nearest neighbours are shown")
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log both trainings for TensorBoard")
    args = parser.parse_args(argv)
    corpus = (Path(args.text).read_text(encoding="utf-8") if args.text
              else download.tiny_shakespeare())
    X_train, X_held_out, vocabulary = word_pairs(corpus)
    V = len(vocabulary)
    negatives = np.random.default_rng(1).choice(                  # as training draws them
        V, size=(len(X_held_out), SETTINGS["n_negatives"]), p=unigram_noise(X_train[:, 1], V))
    ours, theirs = both(V, args.epochs, **SETTINGS)
    untrained = [held_out_loss(model, X_held_out, negatives) for model in (ours, theirs)]
    ours.fit(X_train)                                             # the same batches and noise
    theirs.fit(X_train)
    gap = max(float(np.max(np.abs(value - theirs.state_dict()[name].numpy())))
              for name, value in ours.state_dict().items())
    losses = [held_out_loss(model, X_held_out, negatives) for model in (ours, theirs)]
    print(f"skip-gram, {V} words, {len(X_train)} pairs within {WINDOW}, "
          f"{SETTINGS['embedding_dim']} dimensions, {SETTINGS['n_negatives']} noise words, "
          f"SGD lr {SETTINGS['lr']:g}, batch {SETTINGS['batch_size']}, {args.epochs} epochs")
    print(f"{'loss (nats)':<24}{'numpy':>10}{'torch':>10}")
    print(f"{'untrained':<24}{untrained[0]:>10.3f}{untrained[1]:>10.3f}")
    print(f"{'held out':<24}{losses[0]:>10.3f}{losses[1]:>10.3f}")
    print(f"max |param gap| {gap:.1e}")
    print("nearest neighbours (cosine similarity of the center vectors)")
    for word in (word for word in args.words if word in vocabulary.index):
        ids, similarity = ours.most_similar(vocabulary.index[word], 5)
        same = np.array_equal(ids, theirs.most_similar(vocabulary.index[word], 5)[0])
        neighbours = ", ".join(f"{neighbour} {value:.2f}" for neighbour, value
                               in zip(vocabulary.decode(ids), similarity, strict=True))
        print(f"  {word:<8}{neighbours}  ({'the same' if same else 'NOT the same'} in torch)")
    if args.tensorboard:
        log(args.tensorboard, ours, theirs, losses)
    return losses


if __name__ == "__main__":
    main()
