"""The bug zoo of activations: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import FUNCTION_GRADIENT_CHECKS, VALUES, Mutant

MUTANTS = [
    # each function is a variant of the pair
    Mutant("sigmoid derivative written as s instead of s(1-s)",
           "return dA * A * (1 - A)  ", "return dA * A  ", FUNCTION_GRADIENT_CHECKS),
    Mutant("tanh derivative without the square",
           "return dA * (1 - A**2)", "return dA * (1 - A)", FUNCTION_GRADIENT_CHECKS),
    Mutant("softmax gradient without the Jacobian",
           "return A * (dA - (dA * A).sum(axis=-1, keepdims=True))", "return dA * A * (1 - A)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("log-softmax normalized over the batch axis",
           "np.log(np.exp(shifted).sum(axis=-1, keepdims=True))",
           "np.log(np.exp(shifted).sum(axis=0, keepdims=True))",
           # the backward uses softmax, which is right: finite differences of the wrong
           # forward are what disagree with it
           frozenset({"values", "finite_differences"})),
    Mutant("GELU derivative without the product rule's second term",
           "return dA * (0.5 * (1 + t) + 0.5 * Z * (1 - t**2) * du_dZ)",
           "return dA * (0.5 * (1 + t))", FUNCTION_GRADIENT_CHECKS),
    Mutant("leaky ReLU backward with a zero slope",
           "(Z > 0).astype(Z.dtype) * (1 - LEAKY_SLOPE) + LEAKY_SLOPE",
           "(Z > 0).astype(Z.dtype)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("naive sigmoid overflows",
           "    return 0.5 * (1 + np.tanh(0.5 * Z))",
           "    return 1 / (1 + np.exp(-Z))", frozenset({"extremes"})),
    Mutant("softmax without subtracting the max",
           "shifted = Z - Z.max(axis=-1, keepdims=True)", "shifted = Z", frozenset({"extremes"})),
    # SiLU and SwiGLU
    Mutant("SwiGLU's gate and value swapped: silu(U) G",
           "G, U = np.split(Z, 2, axis=-1)                           # gate, value",
           "U, G = np.split(Z, 2, axis=-1)                           # gate, value",
           VALUES),
    Mutant("SiLU's derivative without its Z s (1 - s) term",
           "return dA * s * (1 + Z * (1 - s))", "return dA * s", FUNCTION_GRADIENT_CHECKS),
]
