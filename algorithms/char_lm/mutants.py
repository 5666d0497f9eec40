"""The bug zoo of char_lm: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("the lookup's gradient assigned, not summed, over repeated characters",
           'np.add.at(grads["W_xh"], X, dU)', 'grads["W_xh"][X] = dU', GRADIENT_CHECKS),
    Mutant("the head's gradient sent into the last state only (a classifier's)",
           'dU, grads["W_hh"], grads["b_hh"] = self._backward(memory, dH, p["W_hh"])',
           'dH[:, :-1] = 0\n'
           '        dU, grads["W_hh"], grads["b_hh"] = self._backward(memory, dH, p["W_hh"])',
           GRADIENT_CHECKS),
    Mutant("each step predicted from the state before it read its character",
           "return states, states[1:].transpose(1, 0, 2)",
           "return states, states[:-1].transpose(1, 0, 2)",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("LSTM: each step predicted from h_{t-1} (the states its steps keep)",
           "np.stack([step[0] for step in steps[1:]] + [h_last], axis=1)",
           "np.stack([step[0] for step in steps], axis=1)",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("GRU: time-major states reshaped to (N, T, H) instead of transposed",
           "return steps, states[1:].transpose(1, 0, 2)",
           "return steps, states[1:].reshape(U.shape[0], U.shape[1], -1)",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("GRU: b_hh's gradient taken as b_xh's, as for the RNN and the LSTM",
           "return dU.transpose(1, 0, 2), dW_hh, db_hh",
           "return dU.transpose(1, 0, 2), dW_hh, dU.sum(axis=(0, 1))", GRADIENT_CHECKS),
]
