"""The first optimization: gradient descent on f(x) = (x - 3)^2 from x = 10, on both sides.

    python -m algorithms.optimizers.lesson

f'(x) = 2 (x - 3), so plain gradient descent at lr 0.1 gives x_t - 3 = 0.8^t (x_0 - 3):
the error shrinks by 0.8 a step. The table adds momentum and Adam from the same start.
"""

import numpy as np

from algorithms.optimizers import framework, scratch


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


def main():
    steps = (1, 2, 5, 10, 20, 50)
    print(f"{'optimizer':<34}" + "".join(f"{f'x_{t}':>10}" for t in steps)
          + f"{'|numpy - torch|':>17}")
    print(f"{'closed form 3 + 7 * 0.8^t':<34}" + "".join(f"{3 + 7 * 0.8**t:>10.5f}" for t in steps))
    for class_name, hyperparams in SETTINGS:
        ours = descend(scratch, class_name, max(steps), **hyperparams)
        theirs = descend(framework, class_name, max(steps), **hyperparams)
        gap = max(abs(a - b) for a, b in zip(ours, theirs, strict=True))
        label = f"{class_name} {hyperparams}"
        print(f"{label:<34}" + "".join(f"{ours[t - 1]:>10.5f}" for t in steps) + f"{gap:>17.1e}")


if __name__ == "__main__":
    main()
