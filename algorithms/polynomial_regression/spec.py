"""What parity checks for polynomial_regression."""

from parity.kinds import EstimatorSpec


def curved(rng, n_samples=200):
    """x ~ U(-2, 2)^3 and y = 1 + x0 - 2 x1^2 + 0.5 x0 x2 - 0.3 x2^3 + N(0, 0.1^2)."""
    X = rng.uniform(-2, 2, (n_samples, 3))
    y = 1 + X[:, 0] - 2 * X[:, 1] ** 2 + 0.5 * X[:, 0] * X[:, 2] - 0.3 * X[:, 2] ** 3
    return X, y + 0.1 * rng.standard_normal(n_samples)


SPEC = EstimatorSpec(
    model="PolynomialRegression",
    data=curved,
    hyperparams={"degree": 3},
    targets=lambda rng, n_samples: rng.standard_normal(n_samples),
    attributes=("n_features_in_", "powers_", "coef_", "intercept_"),
    outputs=("transform", "predict"),
    # PolynomialFeatures and LinearRegression keep float32 data in float32
    dtypes=("float64", "float32"),
    # N samples of 4 features at degree 3: 34 monomials
    bench_sizes=((256, 4), (4096, 4), (32768, 4)),
)
