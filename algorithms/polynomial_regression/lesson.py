"""Degree is capacity: fit a parabola's noisy samples with polynomials of degree 1 to 6.

    python -m algorithms.polynomial_regression.lesson [--tensorboard DIR]

x ~ U(-3, 3), y = 0.5 x^2 - x + 2 + N(0, 1), 60 training and 200 test points. Each degree is
fitted by both sides; the table gives the test MSE and R^2 of each (they agree to the last
digits printed). Degree 1 misses the curvature; degree 2 is the truth and reaches the noise
floor (test MSE 0.99 against a noise variance of 1); higher degrees fit the noise of the 60
training points and do a little worse on the test points (1.11 at degree 4 to 6).
--tensorboard logs the test MSE and R^2 of each degree (the degree as the step), both sides
and their difference, into DIR (parity.tensorboard).
"""

import argparse

import numpy as np

from algorithms.polynomial_regression import framework, scratch
from parity import tensorboard


def parabola(rng, n_samples):
    x = rng.uniform(-3, 3, (n_samples, 1))
    return x, 0.5 * x[:, 0] ** 2 - x[:, 0] + 2 + rng.standard_normal(n_samples)


def mse_and_r2(y, y_hat):
    mse = np.mean((y - y_hat) ** 2)
    return mse, 1 - mse / np.var(y)                     # R^2 = 1 - SS_res / SS_tot


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tensorboard", metavar="DIR", type=tensorboard.folder,
                        help="log each degree's test MSE and R^2, both sides, for TensorBoard")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    X_train, y_train = parabola(rng, 60)
    X_test, y_test = parabola(rng, 200)
    print(f"{'degree':>6}{'test MSE numpy':>16}{'sklearn':>10}{'R^2 numpy':>11}{'sklearn':>10}")
    rows = []
    for degree in range(1, 7):
        scores = [mse_and_r2(y_test, side.PolynomialRegression(degree).fit(X_train, y_train)
                             .predict(X_test)) for side in (scratch, framework)]
        rows.append((degree, *scores[0], *scores[1]))
        (mse, r2), (mse_sk, r2_sk) = scores
        print(f"{degree:>6}{mse:>16.4f}{mse_sk:>10.4f}{r2:>11.4f}{r2_sk:>10.4f}")
    if args.tensorboard:
        from parity.tensorboard import Board

        board = Board(args.tensorboard)
        board.step_losses([row[1] for row in rows], [row[3] for row in rows], first_step=1)
        for degree, _, r2, _, r2_sk in rows:
            board.scalar("scratch", "test/r2", r2, degree)
            board.scalar("framework", "test/r2", r2_sk, degree)
        board.close()
    return rows


if __name__ == "__main__":
    main()
