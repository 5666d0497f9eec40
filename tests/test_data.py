"""The data recipes: the seed example reproduces its legacy stream; recipes follow their seed."""

import numpy as np

import data


def test_seed_linear_reproduces_the_legacy_example():
    np.random.seed(42)  # noqa: NPY002 - the example as it was written, to compare against
    x = np.random.uniform(1, 10, 100)  # noqa: NPY002
    y = 50 * x + 100 + np.random.normal(0, 30, 100)  # noqa: NPY002
    X_ours, y_ours = data.seed_linear()
    np.testing.assert_array_equal(X_ours[:, 0], x)
    np.testing.assert_array_equal(y_ours, y)


def test_recipes_are_functions_of_their_generator():
    for recipe in (data.regression, data.binary_blobs):
        X1, y1 = recipe(np.random.default_rng(7))
        X2, y2 = recipe(np.random.default_rng(7))
        X3, _ = recipe(np.random.default_rng(8))
        np.testing.assert_array_equal(X1, X2)
        np.testing.assert_array_equal(y1, y2)
        assert not np.array_equal(X1, X3)


def test_binary_blobs_are_balanced_and_overlap():
    X, y = data.binary_blobs(np.random.default_rng(0), n_samples=400)
    assert set(np.unique(y)) == {0, 1}
    assert (y == 1).sum() == 200
    # overlapping classes: the best single threshold along the mean difference misclassifies
    direction = X[y == 1].mean(0) - X[y == 0].mean(0)
    score = X @ direction
    errors = min(np.mean((score > t) != y) for t in np.quantile(score, np.linspace(0, 1, 101)))
    assert errors > 0.05


def test_digits_is_the_bundled_8x8_set():
    X, y = data.digits()
    assert X.shape == (1797, 64)
    assert X.min() == 0.0
    assert X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
