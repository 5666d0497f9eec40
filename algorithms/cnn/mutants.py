"""The bug zoo of cnn: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, UPDATE_CHECKS, Mutant

MUTANTS = [
    Mutant("backward unflattens channels-last where the forward flattened channels-first",
           "dA = dA.reshape(A.shape)                                   # unflatten at s = S",
           "dA = dA.reshape(A.shape[0], *A.shape[2:], A.shape[1]).transpose(0, 3, 1, 2)",
           GRADIENT_CHECKS),
    Mutant("max pooling's gradient spread over the whole window",
           "dR = max_pool2d_backward(R, dA, 2)",
           "dR = np.repeat(np.repeat(dA, 2, axis=2), 2, axis=3)", GRADIENT_CHECKS),
    Mutant("conv stage backpropagates through the relu as if it were the identity",
           "dZ = dR * (Z > 0)", "dZ = dR", GRADIENT_CHECKS),
    Mutant("the update leaves the kernels frozen",
           "        for name in self.params:\n            self.params[name] -=",
           '        for name in [n for n in self.params if not n.startswith("K")]:\n'
           "            self.params[name] -=", UPDATE_CHECKS),
]
