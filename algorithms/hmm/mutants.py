"""The bug zoo of hmm: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

MUTANTS = [
    # variants: Gaussian diag, full, tied, priors, MAP decoding; categorical, long
    Mutant("the forward pass without log space or scaling: it underflows on long "
           "sequences", "    alpha_t = np.exp(log_startprob) * b[0]\n",
           "    return forward_textbook(log_startprob, log_transmat, log_frameprob)\n",
           frozenset({"fitted", "predict"})),
    Mutant("the backward pass reads the emission at t, not t + 1",
           "beta_t = A @ (b[t + 1] * beta[t + 1])", "beta_t = A @ (b[t] * beta[t + 1])",
           frozenset({"fitted", "predict"})),
    Mutant("the transitions normalized by column, not by row",
           "self.transmat_ = _normalized(np.where(self.transmat_ == 0, 0, trans), axis=1)",
           "self.transmat_ = _normalized(np.where(self.transmat_ == 0, 0, trans), axis=0)",
           frozenset({"fitted", "predict"})),
    Mutant("Viterbi traced back through A's row, not its column",
           "states[t] = (delta[t] + log_transmat[:, states[t + 1]]).argmax()",
           "states[t] = (delta[t] + log_transmat[states[t + 1], :]).argmax()",
           frozenset({"predict"})),
    Mutant("textbook: α_t through Aᵀ", "alpha[t] = (alpha[t - 1] @ A) * b[t]",
           "alpha[t] = (alpha[t - 1] @ A.T) * b[t]", frozenset({"fitted", "predict"})),
]
