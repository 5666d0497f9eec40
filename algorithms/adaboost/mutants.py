"""The bug zoo of adaboost: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: stumps on moons, slow stumps, depth 3, iris, digits, stops
    Mutant("the weight update with the wrong sign: the hits gain weight",
           "np.exp(np.log(weights) + alpha * missed * (weights > 0))",
           "np.exp(np.log(weights) - alpha * missed * (weights > 0))",
           frozenset({"fitted", "predict"})),
    Mutant("binary AdaBoost's say for K classes: no log(K - 1)",
           " + np.log(n_classes - 1.0))", ")", frozenset({"fitted", "predict"})),
    Mutant("the weights never normalized after a round",
           "                weights = weights / total\n", "", frozenset({"fitted"})),
    Mutant("the vote not divided by the sum of the says",
           "norms = np.cumsum(self.estimator_weights_[:len(said)])",
           "norms = np.ones(len(said))", frozenset({"predict"})),
]
