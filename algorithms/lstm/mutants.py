"""The bug zoo of lstm: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("textbook: gate order i, f swapped (PyTorch's is i, f, g, o)",
           "i, f = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])",
           "f, i = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("textbook: the forget gate's gradient without c_{t-1}",
           "dc * c_prev * f * (1 - f)", "dc * f * (1 - f)", GRADIENT_CHECKS),
    Mutant("textbook: the cell gradient not carried back through the forget gate",
           "return dA, dc * f ", "return dA, dc ", GRADIENT_CHECKS),
    Mutant("textbook: the recurrent weight gradient from h_t instead of h_{t-1}",
           "dW_h += steps[t][0].T @ dA", "dW_h += (steps[t + 1][0] if t + 1 < len(steps) "
           "else steps[t][0]).T @ dA", GRADIENT_CHECKS),
    Mutant("fast form: gate order i, f swapped (PyTorch's is i, f, g, o)",
           "i, f, g, o = A[:H], A[H:2 * H]", "f, i, g, o = A[:H], A[H:2 * H]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("fast form: the forget gate's gradient without c_{t-1}",
           "np.multiply(dc, c_prev, out=dA_f)", "dA_f[:] = dc", GRADIENT_CHECKS),
    Mutant("fast form: the cell gradient not carried back through the forget gate",
           "dc *= f ", "dc *= 1 ", GRADIENT_CHECKS),
]
