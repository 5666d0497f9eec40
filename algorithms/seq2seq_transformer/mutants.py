"""The bug zoo of seq2seq_transformer: classic mistakes, each planted into a copy of the code and
naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

EVERYTHING = GRADIENT_CHECKS | {"forward"}
# a mistake in the forward pass that backward follows faithfully: finite differences of the
# scratch loss agree with its gradients; only the framework side tells
FORWARD_ONLY = frozenset({"gradients", "trajectory", "fit"})

MUTANTS = [
    Mutant("cross-attention under the causal mask: decoder position t reads memory 0..t only",
           'self.norm("norm2", h), memory, causal=False)',
           'self.norm("norm2", h), memory, causal=True)', FORWARD_ONLY | {"forward"}),
    Mutant("the decoder's self-attention without its causal mask: position t reads the target "
           "after it", 'h = h + self.attend("self_attn", g, g, causal=True)',
           'h = h + self.attend("self_attn", g, g, causal=False)', FORWARD_ONLY | {"forward"}),
    Mutant("cross-attention's keys and values from the decoder, not the encoder's memory",
           'self.norm("norm2", h), memory, causal=False)',
           'self.norm("norm2", h), h, causal=False)', EVERYTHING),
    Mutant("the decoder reads the target unshifted: it sees the token it must predict",
           "np.full((len(y), 1), self.vocab_size), y[:, :-1]]",
           "np.full((len(y), 1), self.vocab_size), y[:, 1:]]", FORWARD_ONLY),
    Mutant("the memory's gradient from one decoder layer, not the sum over all of them",
           "d_memory += d_layer_memory", "d_memory = d_layer_memory", GRADIENT_CHECKS),
    Mutant("the residual dropped in backward: dx stops at the feed-forward branch's norm",
           'dx = dx + self.norm_backward("norm2", self.feedforward_backward(dx, grads), grads)',
           'dx = self.norm_backward("norm2", self.feedforward_backward(dx, grads), grads)',
           GRADIENT_CHECKS),
    Mutant("the decoder's embedding rows get no gradient (only the source's)",
           "        np.add.at(grads[\"embedding.weight\"], y_in, dh)", "        pass",
           GRADIENT_CHECKS),
]
