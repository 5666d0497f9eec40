"""What parity checks for gradient_boosting."""

import data
from parity.kinds import EstimatorSpec

CLASSIFIER = {"model": "GradientBoostingClassifier",
              "data": lambda rng: data.binary_blobs(rng, n_samples=300, n_features=4),
              "targets": lambda rng, n_samples: rng.integers(0, 2, n_samples),
              "attributes": ("classes_", "train_score_", "feature_importances_"),
              "outputs": ("staged_predict_proba", "decision_function", "predict_proba",
                          "predict")}

SPEC = EstimatorSpec(
    # float32 X is what the trees split on anyway; the raw predictions stay float64
    dtypes=("float64", "float32"),
    model="GradientBoostingRegressor",
    data=lambda rng: data.regression(rng, n_samples=300, n_features=4, noise=0.5),
    # Leaves of at least 5 samples: in a node of 2 to 6 samples, splits on different features
    # can isolate the same samples, their scores then tie to the last bit, and that bit comes
    # from how each side sums the residuals (see the decision tree's regression variants).
    hyperparams={"n_estimators": 30, "min_samples_leaf": 5, "random_state": 0},
    variants={"regressor": {},
              "regressor_deep_slow": {"max_depth": 5, "learning_rate": 0.05},
              "classifier": {"spec": CLASSIFIER},
              "classifier_stumps": {"max_depth": 1, "learning_rate": 0.5, "spec": CLASSIFIER}},
    targets=lambda rng, n_samples: rng.standard_normal(n_samples),
    attributes=("train_score_", "feature_importances_"),
    # every stage's predictions, not only the last
    outputs=("staged_predict", "predict"),
    # each stage's step scaled by 1e300: the squared error overflows within two stages
    diverging={"learning_rate": 1e300},
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "GradientBoostingClassifier": {
            "check_fit2d_1sample": "message wording: one class in y",
            "check_positive_only_tag_during_fit": "two classes only (below): the check's three "
                                                  "classes are refused",
            **dict.fromkeys(
                ("check_classifiers_train", "check_dict_unchanged",
                 "check_dont_overwrite_parameters", "check_estimators_fit_returns_self",
                 "check_estimators_overwrite_params", "check_f_contiguous_array_estimator",
                 "check_fit_score_takes_y", "check_methods_sample_order_invariance",
                 "check_methods_subset_invariance", "check_readonly_memmap_input"),
                "binary classification only: both sides refuse a third class ('handles 2 "
                "classes; y holds 3'), and these checks use three"),
        },
    },
)
