"""A line can draw AND and OR, not XOR: the perceptron on the three truth tables.

    python -m algorithms.perceptron.lesson [--tensorboard DIR]

Each table's four points are learned by both sides (eta0 = 1, 20 epochs, in order). For AND
and OR the weights stop changing after a few epochs: every point is on its side and one more
epoch makes no correction (Novikoff's theorem bounds the mistakes on separable data). For XOR
no line separates the classes, so some point is always wrong: every epoch makes the same
four corrections, which cancel, and the weights come back to where the epoch began (here 0),
for ever. A line gets at most 3 of XOR's 4 points. --tensorboard logs each table's accuracy
and weights after each of the 20 epochs (the epoch as the step), both sides, into
DIR/<table> (parity.tensorboard).
"""

import argparse

import numpy as np

from algorithms.perceptron import framework, scratch
from parity import tensorboard

POINTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TABLES = {"AND": np.array([0, 0, 0, 1]), "OR": np.array([0, 1, 1, 1]),
          "XOR": np.array([0, 1, 1, 0])}


def mistakes_in_one_more_epoch(model, X, y):
    """The textbook loop, one more pass from the trained weights: how many corrections."""
    w, b = model.coef_[0].copy(), model.intercept_[0]
    signs = np.where(y == model.classes_[1], 1.0, -1.0)
    mistakes = 0
    for x_i, y_i in zip(X, signs, strict=True):
        if y_i * (w @ x_i + b) <= 0:                                   # wrong (or on the line)
            w, b, mistakes = w + y_i * x_i, b + y_i, mistakes + 1
    return mistakes


def log_epochs(folder, y):
    """Accuracy and |w| after each epoch: the first e epochs are a fit with max_iter e."""
    import warnings

    from parity.tensorboard import Board

    board = Board(folder)
    for epochs in range(1, 21):
        for side in (scratch, framework):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")                   # max_iter reached, as asked
                model = side.Perceptron(eta0=1.0, max_iter=epochs).fit(POINTS, y)
            name = "scratch" if side is scratch else "framework"
            board.scalar(name, "train/accuracy", np.mean(model.predict(POINTS) == y), epochs)
            board.scalar(name, "train/|w|", np.linalg.norm(model.coef_), epochs)
    board.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log each table's accuracy per epoch, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    print(f"{'table':<6}{'numpy':>7}{'sklearn':>9}  {'w, b after 20 epochs':<24}"
          "mistakes in a 21st epoch")
    rows = {}
    for name, y in TABLES.items():
        ours = scratch.Perceptron(eta0=1.0, max_iter=20).fit(POINTS, y)
        theirs = framework.Perceptron(eta0=1.0, max_iter=20).fit(POINTS, y)
        accuracy = [np.mean(model.predict(POINTS) == y) for model in (ours, theirs)]
        mistakes = mistakes_in_one_more_epoch(ours, POINTS, y)
        weights = f"{ours.coef_[0]}, {ours.intercept_[0]:g}"
        print(f"{name:<6}{accuracy[0]:>7.0%}{accuracy[1]:>9.0%}  {weights:<24}{mistakes}")
        rows[name] = (*accuracy, mistakes)
        if args.tensorboard:
            log_epochs(f"{args.tensorboard}/{name}", y)
    return rows


if __name__ == "__main__":
    main()
