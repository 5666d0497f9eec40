"""What parity checks for perceptron."""

import data
from parity.spec import EstimatorSpec

IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}

SPEC = EstimatorSpec(
    model="Perceptron",
    # two overlapping classes: mistakes in every epoch, so every epoch changes the weights
    data=lambda rng: data.binary_blobs(rng, n_samples=200, n_features=4),
    hyperparams={"eta0": 1.0, "max_iter": 10},
    variants={"binary": {},
              "small_steps_no_bias": {"eta0": 0.01, "fit_intercept": False},
              "iris_one_vs_rest": {"spec": IRIS}},
    targets=lambda rng, n_samples: rng.integers(0, 2, n_samples),
    attributes=("classes_", "coef_", "intercept_", "n_iter_", "coef_path_"),
    outputs=("decision_function", "predict"),
    # scikit-learn's SGD keeps float32 data in float32 (its 32-bit loop)
    dtypes=("float64", "float32"),
    battery_opt_outs={
        "one_sample": "one sample is one class: both sides refuse fewer than 2 classes with the "
                      "same ValueError (tests/test_pair_details.py)",
    },
)
