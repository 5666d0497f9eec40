"""The classic first regression, trained honestly: what gradient descent reaches, and when.

    python -m algorithms.linear_regression.lesson [--tensorboard DIR]

Data: x ~ U(1, 10), y = 50 x + 100 + N(0, 30^2), 100 points (np.random.seed(42)). Both sides
train full-batch from W = b = 0 at lr 0.01; the table shows where they stand after E epochs
against the least-squares optimum, and then the same on a standardized x. --tensorboard logs
the standardized run (100 epochs on 80 points, the validation loss on the other 20) on both
sides into DIR: `tensorboard --logdir DIR`.
"""

import argparse

import numpy as np
from sklearn.linear_model import LinearRegression as LeastSquares

import data
from algorithms.linear_regression import framework, scratch
from parity import tensorboard


def train(side, X, y, epochs, lr=0.01):
    model = side.LinearRegression(n_features=1, lr=lr, epochs=epochs).fit(X, y)
    params = {k: float(np.asarray(v).ravel()[0]) for k, v in model.state_dict().items()}
    return params, float(np.mean((model.predict(X) - y) ** 2))


def report(X, y, epochs_list, lr, title):
    optimum = LeastSquares().fit(X, y)
    best_mse = float(np.mean((optimum.predict(X) - y) ** 2))
    print(f"{title}\nleast squares: W = {optimum.coef_[0]:.4f}, b = {optimum.intercept_:.4f}, "
          f"MSE = {best_mse:.2f}")
    columns = ("epochs", "W", "b", "MSE", "b - b*")
    print("  ".join(f"{c:>9}" for c in columns) + "  |scratch - torch|")
    for epochs in epochs_list:
        ours, mse = train(scratch, X, y, epochs, lr)
        theirs, _ = train(framework, X, y, epochs, lr)
        gap = max(abs(ours[k] - theirs[k]) for k in ours)
        print(f"{epochs:>9}  {ours['W']:>9.4f}  {ours['b']:>9.4f}  {mse:>9.2f}  "
              f"{ours['b'] - optimum.intercept_:>9.2e}  {gap:>17.1e}")
    print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log the standardized run, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    X, y = data.seed_linear()
    report(X, y, (100, 1_000, 5_000, 10_000), 0.01, "raw x in [1, 10], lr 0.01")
    X_standard = (X - X.mean()) / X.std()
    report(X_standard, y, (10, 100, 1_000), 0.1, "standardized x, lr 0.1")
    if args.tensorboard:
        from parity.tensorboard import train_both_logged

        train_both_logged(args.tensorboard, scratch.LinearRegression,     # 80 points trained,
                          framework.LinearRegression, X_standard[:80], y[:80],  # 20 held out
                          X_standard[80:], y[80:], epochs=100, batch_size=None,
                          classifier=False, lr=0.1)


if __name__ == "__main__":
    main()
