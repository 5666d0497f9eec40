"""What parity checks for linear_regression."""

import numpy as np
from sklearn.linear_model import LinearRegression

import data
from parity.kinds import GradientSpec


def least_squares(X, y):
    """The exact minimum of the mean squared error, by scikit-learn."""
    reference = LinearRegression().fit(X, y)
    return {"W": reference.coef_[:, None], "b": np.atleast_1d(reference.intercept_)}


SPEC = GradientSpec(
    model="LinearRegression",
    data=lambda rng: data.regression(rng, n_samples=200, n_features=5),
    targets=lambda rng, n_samples: rng.standard_normal(n_samples),
    hyperparams={"lr": 0.05},
    reference=least_squares,
    # Standardized features: the Hessian is close to 2I, so lr 0.1 shrinks the error 0.8x per
    # epoch and 500 epochs reach the optimum to machine precision.
    reference_fit={"lr": 0.1, "epochs": 500},
    # From scratch.py to framework.py one piece at a time (README.md walks it).
    ladder=("rung_2_autograd", "rung_3_loss_optim"),
)
