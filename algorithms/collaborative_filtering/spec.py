"""What parity checks for collaborative_filtering."""

import numpy as np

from parity.kinds import EstimatorSpec


def ratings(rng, n_users=120, n_items=30, density=0.3):
    """Users of 3 tastes rate a random 30% of the items 1-5 (continuous, no ties); two users
    rate nothing (all-zero rows: similarity 0, not 0 / 0)."""
    tastes = rng.uniform(1, 5, (3, n_items))
    taste = rng.integers(0, 3, n_users)
    R = np.clip(tastes[taste] + 0.5 * rng.standard_normal((n_users, n_items)), 1, 5)
    R *= rng.uniform(size=R.shape) < density                         # unrated -> 0
    R[:2] = 0
    return R, taste


SPEC = EstimatorSpec(
    model="UserBasedCF",
    data=ratings,
    hyperparams={"n_neighbors": None},
    variants={"every_user_votes": {},
              "ten_nearest": {"n_neighbors": 10, "spec": {"tie_opt_outs": dict.fromkeys(
                  ("integer_X", "boolean_X"),
                  "users at the same similarity to within rounding compete for the tenth "
                  "place, which the last bit of each side's cosine decides (they part at "
                  "seeds 1-9 of 0-9, python -m parity seeds)")}}},
    targets=lambda rng, n_samples: np.zeros(n_samples),
    attributes=("ratings_",),
    outputs=("similarity", "predict"),
    dtypes=("float64", "float32"),
    # new users: the known users' ratings, some hidden and some moved
    queries=lambda rng, X: np.where(rng.uniform(size=X.shape) < 0.3, 0,
                                    X * rng.uniform(0.8, 1.2, X.shape)),
    supervised=False,
    # N users rating D items (30% of them): predict for the known users themselves
    bench_sizes=((256, 64), (2048, 256), (8192, 512)),
    bench_data=lambda rng, n_users, n_items: (
        ratings(rng, n_users, n_items)[0], np.zeros(n_users)),
    # what scikit-learn's check_estimator fails on these models by design, and why
    check_estimator_opt_outs={
        "UserBasedCF": {"check_positive_only_tag_during_fit":
                        "message wording: 'ratings must be >= 0 (0 marks an unrated item)'"},
    },
    positive_only=True,                 # scikit-learn's tag: X >= 0
)
