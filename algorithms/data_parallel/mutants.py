"""The bug zoo of data_parallel: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # one worker cannot tell a sum from a mean: two and four workers must
    Mutant("gradients summed across workers instead of averaged",
           "g = total / W ", "g = total ", frozenset({"trajectory"})),
    Mutant("every worker takes the first shard of the global batch",
           "replica.gradients(X[w * shard:(w + 1) * shard],\n"
           "                                            y[w * shard:(w + 1) * shard])",
           "replica.gradients(X[:shard], y[:shard])", frozenset({"trajectory"})),
    Mutant("the all-gather passes on the chunk it has just received, one step behind",
           "sent = [chunks[w][(w + 1 - step) % W].copy() for w in range(W)]",
           "sent = [chunks[w][(w - step) % W].copy() for w in range(W)]",
           frozenset({"trajectory"})),
]
