"""The bug zoo of random_forest: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: sqrt features, bagging only, entropy depth 4, no bootstrap, iris
    Mutant("bootstrap drawn from the forest's generator, not the tree's seed",
           "drawn = np.random.RandomState(seed).randint(0, len(X), len(X))",
           "drawn = seeds.randint(0, len(X), len(X))", frozenset({"fitted", "predict"})),
    Mutant("bootstrap counts as presence: a sample drawn twice weighs 1",
           "counts = np.bincount(drawn, minlength=len(X))",
           "counts = np.bincount(drawn, minlength=len(X)) > 0", frozenset({"fitted", "predict"})),
    Mutant("votes of the trees' hard predictions instead of their shares",
           "return sum(tree.tree_.value[tree.tree_.apply(X), 0]\n",
           "return sum(np.eye(len(self.classes_))[tree.tree_.value[tree.tree_.apply(X), 0]\n"
           "                   .argmax(axis=1)]\n",
           frozenset({"predict"})),
]
