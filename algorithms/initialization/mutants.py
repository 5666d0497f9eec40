"""The bug zoo of initialization: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # each setting a variant; scale: the numbers to the bit, distribution: KS
    Mutant("Kaiming with fan_out where fan_in is meant",
           'return fan_in if mode == "fan_in" else fan_out',
           'return fan_out if mode == "fan_in" else fan_in',
           frozenset({"scale", "distribution"})),
    Mutant("the receptive field left out of a convolution's fans",
           "receptive_field = math.prod(shape[2:])", "receptive_field = 1",
           frozenset({"scale", "distribution", "gains"})),
    Mutant("Xavier's uniform bound taken as its std (without sqrt(3))",
           "bound = math.sqrt(3.0) * std                                # Var U(-b, b) = b^2 / 3",
           "bound = std", frozenset({"scale", "distribution"})),
    Mutant("orthogonal without the sign correction from R's diagonal",
           "Q *= np.sign(np.diag(R))", "pass", frozenset({"distribution"})),
    Mutant("Xavier's normal draws left in float64 whatever the dtype",
           "return _rng(generator).normal(0.0, std, shape).astype(dtype)",
           "return _rng(generator).normal(0.0, std, shape)", frozenset({"scale", "distribution"})),
    Mutant("leaky ReLU's gain without squaring the slope",
           "return math.sqrt(2.0 / (1 + negative_slope**2))",
           "return math.sqrt(2.0 / (1 + negative_slope))", frozenset({"scale", "gains"})),
]
