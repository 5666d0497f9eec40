"""What parity checks for naive_bayes."""

import data
from parity.kinds import EstimatorSpec

SPEC = EstimatorSpec(
    model="GaussianNB",
    data=lambda rng: data.iris(),
    # At the default 1e-9 the smoothing moves var_ by ~3e-9, below float64's atol: a larger
    # value makes a forgotten or misplaced epsilon visible to the fitted check.
    hyperparams={"var_smoothing": 1e-2},
    targets=lambda rng, n_samples: rng.integers(0, 3, n_samples),
    attributes=("classes_", "class_count_", "class_prior_", "theta_", "epsilon_", "var_"),
    battery_opt_outs={
        "one_sample": "one sample has zero variance in every feature, so the Gaussian "
                      "likelihood is undefined: both sides refuse it with the same ValueError "
                      "(tests/test_pair_details.py)",
    },
    outputs=("predict_joint_log_likelihood", "predict_log_proba", "predict_proba", "predict"),
    # scikit-learn's GaussianNB keeps float32 data in float32: counts, means, variances
    dtypes=("float64", "float32"),
)
