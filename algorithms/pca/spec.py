"""What parity checks for pca."""

import numpy as np

from parity.kinds import EstimatorSpec


def correlated(rng, n_samples=300, n_features=6):
    """Gaussian data with distinct variances along random axes: every axis well defined."""
    scales = np.array([5.0, 3.0, 2.0, 1.0, 0.5, 0.2])[:n_features]
    rotation, _ = np.linalg.qr(rng.standard_normal((n_features, n_features)))
    X = (rng.standard_normal((n_samples, n_features)) * scales) @ rotation.T
    return X + rng.standard_normal(n_features), np.zeros(n_samples)


SPEC = EstimatorSpec(
    model="PCA",
    data=correlated,
    # None keeps all min(N, D) axes; the battery runs on these defaults
    hyperparams={"n_components": None, "svd_solver": "full"},
    variants={"all_axes": {},
              "three_axes": {"n_components": 3},
              "covariance_eigh": {"n_components": 3, "svd_solver": "covariance_eigh"},
              "variance_share": {"n_components": 0.9}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("n_components_", "mean_", "components_", "explained_variance_",
                "explained_variance_ratio_", "singular_values_", "noise_variance_"),
    outputs=("transform",),
    predicts="transform",
    # scikit-learn's PCA keeps float32 data in float32 (LAPACK's single-precision SVD)
    dtypes=("float64", "float32"),
    supervised=False,
    battery_opt_outs={
        "one_sample": "the variance divides by N - 1: both sides refuse one sample with the "
                      "same ValueError (tests/test_pair_details.py)",
    },
    invalid_hyperparams=(
        ({"n_components": 99}, "n_components=99 must be between 1 and"),
    ),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "PCA": {"check_fit2d_1sample": "message wording: 'PCA needs at least 2 samples'"},
    },
)
