"""The bug zoo of rnn: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("backpropagation through time stopped after the last step",
           "dh = da @ W_hh.T                                               # dL/dh_{t-1}",
           "dh = 0 * da @ W_hh.T                                           # dL/dh_{t-1}",
           GRADIENT_CHECKS),
    Mutant("the recurrent weight gradient from h_t instead of h_{t-1}",
           "previous = states[:-1].reshape(T * N, H)", "previous = states[1:].reshape(T * N, H)",
           GRADIENT_CHECKS),
    Mutant("tanh' taken as 1 - h_{t-1}^2",
           "da = dh * (1 - states[t] ** 2)                                 # tanh' = 1 - h_t^2\n"
           "        dU[t - 1] = da",
           "da = dh * (1 - states[t - 1] ** 2)\n        dU[t - 1] = da", GRADIENT_CHECKS),
    Mutant("the logits read from the first state instead of the last",
           "return states, states[-1] @ p[\"W_hy\"] + p[\"b_y\"]",
           "return states, states[1] @ p[\"W_hy\"] + p[\"b_y\"]",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("textbook: backpropagation through one step only",
           "dh = da @ W_hh.T + (dH[:, t - 2] if dH.ndim == 3 and t > 1 else 0)",
           "dh = 0 * dh + (dH[:, t - 2] if dH.ndim == 3 and t > 1 else 0)", GRADIENT_CHECKS),
]
