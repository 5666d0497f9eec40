"""The first optimization: gradient descent on f(x) = (x - 3)^2 from x = 10, on both sides.

    python -m algorithms.optimizers.lesson [--tensorboard DIR]

f'(x) = 2 (x - 3), so plain gradient descent at lr 0.1 gives x_t - 3 = 0.8^t (x_0 - 3):
the error shrinks by 0.8 a step. The table adds momentum and Adam from the same start.
--tensorboard logs each setting's f(x) and x at every step, both sides and their difference,
into DIR/<setting> (parity.tensorboard).
"""

import argparse

import numpy as np

from algorithms.optimizers import framework, scratch
from parity import tensorboard


def descend(side, class_name, steps, **hyperparams):
    """x after each of `steps` steps of the named optimizer on (x - 3)^2, from x = 10."""
    optimizer = getattr(side, class_name)({"x": np.array([10.0])}, **hyperparams)
    path = []
    for _ in range(steps):
        (x,) = optimizer.params["x"].tolist()                    # an array, or a tensor
        optimizer.step({"x": np.array([2 * (x - 3)])})          # f'(x) = 2 (x - 3)
        path.append(optimizer.params["x"].tolist()[0])
    return path


SETTINGS = (("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.1, "momentum": 0.5}), ("Adam", {"lr": 0.5}))


def log(folder, ours, theirs):
    """One setting's descent on a TensorBoard board: f(x) = (x - 3)^2 as the loss, and x."""
    from parity.tensorboard import Board

    board = Board(folder)
    board.step_losses([(x - 3) ** 2 for x in ours], [(x - 3) ** 2 for x in theirs], 1)
    for side, path in (("scratch", ours), ("framework", theirs)):
        for step, x in enumerate(path, 1):
            board.scalar(side, "x", x, step)
    board.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log each setting's descent, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    steps = (1, 2, 5, 10, 20, 50)
    print(f"{'optimizer':<34}" + "".join(f"{f'x_{t}':>10}" for t in steps)
          + f"{'|numpy - torch|':>17}")
    print(f"{'closed form 3 + 7 * 0.8^t':<34}" + "".join(f"{3 + 7 * 0.8**t:>10.5f}" for t in steps))
    for class_name, hyperparams in SETTINGS:
        ours = descend(scratch, class_name, max(steps), **hyperparams)
        theirs = descend(framework, class_name, max(steps), **hyperparams)
        gap = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
        label = f"{class_name} {hyperparams}"
        if args.tensorboard:
            setting = "_".join([class_name, *(f"{k}_{v}" for k, v in hyperparams.items())])
            log(f"{args.tensorboard}/{setting}", ours, theirs)
        print(f"{label:<34}" + "".join(f"{ours[t - 1]:>10.5f}" for t in steps) + f"{gap:>17.1e}")


if __name__ == "__main__":
    main()
