"""The bug zoo of polynomial_regression: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    Mutant("intercept without the centring correction",
           "self.intercept_ = y_mean - Phi_mean @ self.coef_", "self.intercept_ = y_mean",
           frozenset({"fitted", "predict"})),
    Mutant("least squares on uncentred monomials",
           "np.linalg.lstsq(Phi - Phi_mean, y - y_mean", "np.linalg.lstsq(Phi, y - y_mean",
           frozenset({"fitted", "predict"})),
    Mutant("pure powers only: the interaction terms forgotten",
           "for combination in combinations_with_replacement(range(n_features), d)]",
           "for combination in combinations_with_replacement(range(n_features), d)\n"
           "            if len(set(combination)) == 1]", frozenset({"fitted", "predict"})),
    Mutant("monomials of the same degree in reverse order",
           "for combination in combinations_with_replacement(range(n_features), d)]",
           "for combination in reversed(list(\n"
           "                combinations_with_replacement(range(n_features), d)))]",
           frozenset({"fitted"})),
]
