"""The bug zoo of naive_bayes: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    Mutant("unbiased variance (ddof=1) where scikit-learn uses ddof=0",
           "(Y.T @ deviations**2) / self.class_count_[:, None]",
           "(Y.T @ deviations**2) / (self.class_count_[:, None] - 1)",
           frozenset({"fitted", "predict"})),
    Mutant("variance smoothing forgotten",
           " + self.epsilon_  # (K, D)", "  # (K, D)", frozenset({"fitted"})),
    Mutant("class prior left out of the joint likelihood",
           "return np.log(self.class_prior_) + log_norm", "return log_norm",
           frozenset({"predict"})),
    Mutant("log normalizer summed over classes instead of features",
           "np.log(2 * np.pi * self.var_).sum(axis=1)", "np.log(2 * np.pi * self.var_).sum(axis=0)",
           frozenset({"predict"})),
]
