"""The bug zoo of word2vec: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("repeated centers' gradients overwritten, not added (W[ids] += rows)",
           "add_rows(dW_in, center, dv)", "dW_in[center] += dv", GRADIENT_CHECKS),
    Mutant("the negative-sampling loss with the wrong sign on the noise words",
           "loss = (softplus(-s_o).sum() + softplus(s_k).sum()) / N",
           "loss = (softplus(-s_o).sum() + softplus(-s_k).sum()) / N",
           GRADIENT_CHECKS),
    Mutant("the context scored by its center vector (W_in where W_out is meant)",
           "v, u, U = W_in[center], W_out[context], W_out[negatives]",
           "v, u, U = W_in[center], W_in[context], W_out[negatives]", GRADIENT_CHECKS),
    Mutant("textbook: a noise word drawn twice for a pair counted once",
           "for k, word in enumerate(noise):                              # a word drawn twice\n"
           "            dW_out[word] += G[k] * v",
           "if True:\n            dW_out[noise] += G[:, None] * v", GRADIENT_CHECKS),
    Mutant("torch: the noise words' term added with the wrong sign",
           "return -(F.logsigmoid(s_o) + F.logsigmoid(-s_k).sum(-1)).mean()",
           "return -(F.logsigmoid(s_o) + F.logsigmoid(s_k).sum(-1)).mean()",
           frozenset({"gradients", "trajectory", "fit"}), side="framework"),
]
