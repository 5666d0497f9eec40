"""Data sets for the pairs: embedded ones (scikit-learn's bundled sets, seeded synthetic recipes)
that need no network, and loaders for real corpora that read a local copy or download one.

Every synthetic recipe takes a `numpy.random.Generator`, so one seed makes the whole problem.
"""

import numpy as np


def seed_linear():
    """The classic first regression: x ~ U(1, 10), y = 50 x + 100 + N(0, 30^2), 100 points.

    Reproduces `np.random.seed(42); X = np.random.uniform(1, 10, 100);
    y = 50 * X + 100 + np.random.normal(0, 30, 100)` exactly. Returns X (100, 1), y (100,).
    """
    legacy = np.random.RandomState(42)  # the legacy stream the example was written with
    x = legacy.uniform(1, 10, 100)
    y = 50 * x + 100 + legacy.normal(0, 30, 100)
    return x[:, None], y


def regression(rng, n_samples=200, n_features=5, noise=0.1):
    """Standardized features and y = X w + b + noise for a random w, b. X (N, D), y (N,)."""
    X = rng.standard_normal((n_samples, n_features))
    w = rng.standard_normal(n_features)
    b = rng.standard_normal()
    return X, X @ w + b + noise * rng.standard_normal(n_samples)


def binary_blobs(rng, n_samples=200, n_features=4, separation=1.5):
    """Two overlapping Gaussian classes (not linearly separable, so the logistic loss has a
    finite minimum). X (N, D), y (N,) in {0, 1}, balanced."""
    y = np.arange(n_samples) % 2
    rng.shuffle(y)
    centers = rng.standard_normal((2, n_features))
    centers *= separation / np.linalg.norm(centers[1] - centers[0])
    X = centers[y] + rng.standard_normal((n_samples, n_features))
    return X, y


def digits():
    """scikit-learn's bundled 8x8 handwritten digits (1797 images, 10 classes), the small
    MNIST. Pixels scaled to [0, 1]. X (1797, 64), y (1797,) in 0..9."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.data / 16.0, bunch.target.astype(np.int64)


def iris():
    """scikit-learn's bundled iris: 150 flowers, 4 measurements, 3 species.
    X (150, 4), y (150,) in 0..2."""
    from sklearn.datasets import load_iris

    bunch = load_iris()
    return bunch.data, bunch.target.astype(np.int64)


def xor():
    """The four points of XOR: no line separates the classes. X (4, 2), y (4,)."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0, 1, 1, 0])


def moons(rng, n_samples=1000, noise=0.2):
    """scikit-learn's two interleaving half circles, seeded from `rng`. X (N, 2), y (N,)."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples, noise=noise, random_state=int(rng.integers(2**31)))
    return X, y.astype(np.int64)


def train_test_split(rng, X, y, test_size=0.2):
    """A seeded random split: (X_train, X_test, y_train, y_test)."""
    order = rng.permutation(len(X))
    n_test = round(test_size * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
