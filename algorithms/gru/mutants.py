"""The bug zoo of gru: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("textbook: the reset gate left out of the candidate: n = tanh(U_n + V_n)",
           "np.tanh(U[:, 2 * H:] + r * V[:, 2 * H:])", "np.tanh(U[:, 2 * H:] + V[:, 2 * H:])",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("textbook: the update gate's convention flipped: h_t = z n + (1 - z) h_{t-1}",
           "(1 - z) * n + z * h", "z * n + (1 - z) * h",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("textbook: b_hn's gradient taken as b_in's: V_n's gradient without the factor r",
           "dV = np.concatenate([dA_r, dA_z, dA_n * r], axis=1)",
           "dV = np.concatenate([dA_r, dA_z, dA_n], axis=1)", GRADIENT_CHECKS),
    Mutant("textbook: the update gate's gradient with the wrong sign: (n - h_{t-1})",
           "dh * (h_prev - n) * z * (1 - z)", "dh * (n - h_prev) * z * (1 - z)",
           GRADIENT_CHECKS),
    Mutant("textbook: the direct path h_{t-1} -> h_t (times z) left out of BPTT",
           "return dU, dV, dh * z", "return dU, dV, 0 * dh", GRADIENT_CHECKS),
    Mutant("textbook: the recurrent weight gradient from h_t instead of h_{t-1}",
           "dW_h += steps[t][0].T @ dV", "dW_h += (steps[t + 1][0] if t + 1 < len(steps) "
           "else steps[t][0]).T @ dV", GRADIENT_CHECKS),
    Mutant("fast form: the reset gate left out of the candidate: n = tanh(U_n + V_n)",
           "np.multiply(rz[:H], V[t, 2 * H:], out=n)", "n[:] = V[t, 2 * H:]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("fast form: the update gate's gradient with the wrong sign: (n - h_{t-1})",
           "np.subtract(h_prev, n, out=dA_z)", "np.subtract(n, h_prev, out=dA_z)",
           GRADIENT_CHECKS),
    Mutant("fast form: b_hn's gradient taken as b_in's: V_n's gradient without the factor r",
           "np.multiply(dA_n, r, out=dV[t, 2 * H:])", "dV[t, 2 * H:] = dA_n", GRADIENT_CHECKS),
]
