"""The bug zoo of pca: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # each variant: all axes, three, covariance eigenvectors, a share of the variance
    Mutant("variance divided by N where the sample variance divides by N - 1",
           "variance = S**2 / (N - 1)", "variance = S**2 / N", frozenset({"fitted"})),
    Mutant("axes of the uncentred data", "Xc = X - self.mean_  ", "Xc = X  ",
           frozenset({"fitted", "predict"})),
    Mutant("no sign convention: an axis or its negative, whichever LAPACK returns",
           "Vt = Vt * np.sign(Vt[np.arange(len(Vt)), largest])[:, None]", "Vt = Vt + 0",
           frozenset({"fitted", "predict"})),
    Mutant("transform forgets to subtract the mean",
           "return (X - self.mean_) @ self.components_.T", "return X @ self.components_.T",
           frozenset({"predict"})),
]
