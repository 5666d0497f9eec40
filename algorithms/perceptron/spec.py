"""What parity checks for perceptron."""

import numpy as np

import data
from parity.kinds import EstimatorSpec, Textbook

IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}

def one_pass(rng):
    """X (N, D) of either precision, labels +-1 that the weights get wrong often, w, b, eta0
    and whether to learn b: the arguments of a pass (w a copy: the pass writes into it)."""
    dtype = (np.float64, np.float32)[rng.integers(2)]
    N, D = int(rng.integers(1, 300)), int(rng.integers(1, 6))
    X = rng.standard_normal((N, D)).astype(dtype)
    y = np.where(rng.random(N) < 0.5, 1.0, -1.0).astype(dtype)
    return (X, y, rng.standard_normal(D).astype(dtype), dtype(rng.standard_normal()),
            float(rng.uniform(0.01, 2)), bool(rng.random() < 0.5))


SPEC = EstimatorSpec(
    model="Perceptron",
    # two overlapping classes: mistakes in every epoch, so every epoch changes the weights
    data=lambda rng: data.binary_blobs(rng, n_samples=200, n_features=4),
    hyperparams={"eta0": 1.0, "max_iter": 10},
    variants={"binary": {},
              "small_steps_no_bias": {"eta0": 0.01, "fit_intercept": False, "spec": {
                  "tie_opt_outs": dict.fromkeys(
                      ("integer_X", "boolean_X"),
                      "without a bias, whole-number and 0/1 samples land on w.x = 0 to within "
                      "rounding, where the last bit of each side's dot product decides a "
                      "mistake (they part at seeds 1, 3 and 7 of 0-9, python -m parity "
                      "seeds)")}},
              "iris_one_vs_rest": {"spec": IRIS}},
    targets=lambda rng, n_samples: rng.integers(0, 2, n_samples),
    attributes=("classes_", "coef_", "intercept_", "n_iter_", "coef_path_"),
    outputs=("decision_function", "predict"),
    # the file opens with a pass one sample at a time; every case also runs on it
    textbook=(Textbook("perceptron_epoch_blocked", "perceptron_epoch", inputs=one_pass,
                       beside="Perceptron.fit"),),
    # scikit-learn's SGD keeps float32 data in float32 (its 32-bit loop)
    dtypes=("float64", "float32"),
    battery_opt_outs={
        "one_sample": "one sample is one class: both sides refuse fewer than 2 classes with the "
                      "same ValueError (tests/test_pair_details.py)",
    },
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "Perceptron": {"check_fit2d_1sample": "message wording: 'y must hold at least 2 classes'"},
    },
)
