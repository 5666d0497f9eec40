"""What parity checks for random_forest."""

import data
from parity.kinds import EstimatorSpec

IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}

SPEC = EstimatorSpec(
    # float32 X is what the trees split on anyway (scikit-learn casts X to float32)
    dtypes=("float64", "float32"),
    model="RandomForestClassifier",
    data=lambda rng: data.binary_blobs(rng, n_samples=300, n_features=6),
    hyperparams={"n_estimators": 10, "random_state": 0},
    variants={"sqrt_features": {},
              "bagging_only": {"max_features": None, "random_state": 3, "spec": {
                  "tie_opt_outs": {"integer_X": "on whole-number features, splits of equal "
                                                "impurity to within rounding: which feature "
                                                "wins is the last bit of each side's sums "
                                                "(seed 9 of 0-9, python -m parity seeds)"}}},
              "entropy_depth_4": {"criterion": "entropy", "max_depth": 4},
              "no_bootstrap": {"bootstrap": False, "max_features": 2},
              "iris": {"spec": IRIS}},
    targets=lambda rng, n_samples: rng.integers(0, 3, n_samples),
    attributes=("classes_", "feature_importances_"),
    # apply: every tree routes every sample to the same leaf; predict_proba: the same leaves
    outputs=("apply", "predict_proba", "predict"),
    # 10 trees on N samples of 16 features
    bench_sizes=((256, 16), (2048, 16), (8192, 16)),
)
