"""The bug zoo of gaussian_mixture: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: four covariance types, three starts, float32
    Mutant("EM with unnormalized responsibilities: π_k N_k, not divided "
           "by p(x)", "return log_p.mean(), weighted - log_p[:, None]",
           "return log_p.mean(), weighted", frozenset({"fitted", "predict"})),
    Mutant("the covariance divided by N, not by N_k",
           "covariances[k] = (resp[:, k] * diff.T) @ diff / counts[k]",
           "covariances[k] = (resp[:, k] * diff.T) @ diff / len(X)",
           frozenset({"fitted", "predict"})),
    Mutant("log det L left out of the log-density",
           "return -0.5 * (D * LOG_2PI + squared) + log_det",
           "return -0.5 * (D * LOG_2PI + squared)", frozenset({"fitted", "predict"})),
    Mutant("the stop on the bound itself, not on its rise",
           "if abs(bound - previous) < self.tol:", "if abs(bound) < self.tol:",
           frozenset({"fitted", "predict"})),
    Mutant("textbook: the E-step without the weights π_k",
           "densities[:, k] = pi * norm * np.exp(-0.5 * distance)",
           "densities[:, k] = norm * np.exp(-0.5 * distance)", frozenset({"fitted", "predict"})),
]
