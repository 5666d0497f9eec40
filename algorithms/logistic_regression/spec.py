"""What parity checks for logistic_regression."""

import numpy as np
from sklearn.linear_model import LogisticRegression

import data
from parity.kinds import GradientSpec


def unpenalized_optimum(X, y):
    """The minimum of the mean cross-entropy, by scikit-learn (C=inf: no penalty)."""
    reference = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    return {"W": reference.coef_.T, "b": reference.intercept_}


SPEC = GradientSpec(
    model="LogisticRegression",
    # Overlapping classes: not separable, so the unpenalized loss has a finite minimum.
    data=lambda rng: data.binary_blobs(rng, n_samples=200, n_features=4),
    targets=lambda rng, n_samples: rng.integers(0, 2, n_samples),
    hyperparams={"lr": 0.5},
    reference=unpenalized_optimum,
    reference_fit={"lr": 1.0, "epochs": 5000},
)
