"""The bug zoo of discriminant_analysis: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: LDA's three solvers, shrinkage, priors; QDA
    Mutant("LDA's intercept without log π_k: the priors ignored",
           "return coef, -0.5 * np.einsum(\"kd,kd->k\", means, coef) + np.log(priors)",
           "return coef, -0.5 * np.einsum(\"kd,kd->k\", means, coef)",
           frozenset({"fitted", "predict"})),
    Mutant("the shared covariance not weighted by the priors",
           "return sum(priors[k] * covariance(X[labels == k], shrinkage)",
           "return sum(covariance(X[labels == k], shrinkage) / len(priors)",
           frozenset({"fitted", "predict"})),
    Mutant("QDA's variances divided by N - 1, not N",
           "scaling = (1 - self.reg_param) * (S**2 / len(rows)) + self.reg_param",
           "scaling = (1 - self.reg_param) * (S**2 / (len(rows) - 1)) + self.reg_param",
           frozenset({"fitted", "predict"})),
    Mutant("shrinkage towards the identity, not (tr Σ / D) I",
           "return (1 - shrinkage) * S + shrinkage * np.trace(S) / len(S) * np.eye(len(S))",
           "return (1 - shrinkage) * S + shrinkage * np.eye(len(S))",
           frozenset({"fitted", "predict"})),
    Mutant("the svd solver whitens without the features' scale",
           "whiten = (Vt[:rank] / std).T / singular[:rank]",
           "whiten = Vt[:rank].T / singular[:rank]", frozenset({"fitted", "predict"})),
]
