"""What parity checks for decision_tree."""

import numpy as np

import data
from parity.kinds import EstimatorSpec, Textbook

TREE = tuple(f"tree_.{name}" for name in (
    "children_left", "children_right", "feature", "threshold", "value", "impurity",
    "n_node_samples", "weighted_n_node_samples", "node_count", "max_depth"))

# Regression trees stop at 5 samples a leaf (or depth 4): at two-sample nodes every feature
# gives the same split, and which one wins then rests on the last bit of sums that
# scikit-learn keeps as total minus running left, which cumulative sums do not reproduce.
REGRESSOR = {"model": "DecisionTreeRegressor",
             "data": lambda rng: data.regression(rng, n_samples=300, n_features=4, noise=0.5),
             "targets": lambda rng, n_samples: rng.standard_normal(n_samples),
             "attributes": (*TREE, "feature_importances_"),
             "outputs": ("predict", "apply")}
IRIS = {"data": lambda rng: data.iris(),
        "targets": lambda rng, n_samples: rng.integers(0, 3, n_samples)}

def node(rng):
    """One node's search: 1 to 4 float32 features with repeated values, weighted class counts
    (or moments of y) per sample, bootstrap weights, a criterion and min_samples_leaf."""
    n = int(rng.integers(2, 60))
    X = np.round(rng.standard_normal((n, int(rng.integers(1, 5)))),
                 int(rng.integers(1, 3))).astype(np.float32)
    weights = rng.integers(1, 3, n).astype(np.float64)
    criterion = ("gini", "entropy", "squared_error")[rng.integers(3)]
    if criterion == "squared_error":
        y = rng.standard_normal(n)
        stats = np.stack([weights * y, weights * y * y], axis=1)
    else:
        stats = np.zeros((n, 3))
        stats[np.arange(n), rng.integers(0, 3, n)] = weights
    return X, stats, weights, criterion, int(rng.integers(1, 4))


SPEC = EstimatorSpec(
    # float32 X is what the trees split on anyway (scikit-learn casts X to float32)
    dtypes=("float64", "float32"),
    model="DecisionTreeClassifier",
    data=lambda rng: data.binary_blobs(rng, n_samples=300, n_features=4),
    hyperparams={"random_state": 0},
    variants={"gini_grown_out": {},
              "entropy_depth_3": {"criterion": "entropy", "max_depth": 3},
              "gini_leaves_of_5": {"min_samples_leaf": 5, "min_samples_split": 12},
              "iris_seed_3": {"random_state": 3, "spec": IRIS},
              "two_of_four_features": {"max_features": 2, "random_state": 7},
              "regressor_leaves_of_5": {"criterion": "squared_error", "min_samples_leaf": 5,
                                        "spec": REGRESSOR},
              "regressor_depth_4": {"criterion": "squared_error", "max_depth": 4,
                                    "spec": REGRESSOR}},
    targets=lambda rng, n_samples: rng.integers(0, 3, n_samples),
    attributes=("classes_", "n_classes_", *TREE, "feature_importances_"),
    outputs=("predict_proba", "predict", "apply"),
    # the file opens with the search of one threshold after another; every case runs on it
    textbook=(Textbook("best_thresholds_by_cumsums", "best_thresholds", inputs=node,
                       beside="_DecisionTree._fit",
                       # the fast proxy of squared error leaves out a constant: thresholds
                       normalize=lambda found: [None if best is None else best[1]
                                                for best in found]),),
    # N samples of 16 features, grown out: fit is the search, predict walks the tree
    bench_sizes=((256, 16), (4096, 16), (32768, 16)),
)
