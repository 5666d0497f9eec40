"""The bug zoo of attention: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import FUNCTION_GRADIENT_CHECKS, VALUES, Mutant

MUTANTS = [
    # grouped-query heads and rotary positions
    Mutant("grouped-query heads mapped to the wrong group (tiled, not repeated)",
           "return _attention(Q, np.repeat(K, repeats, axis=1), np.repeat(V, repeats, axis=1),",
           "return _attention(Q, np.tile(K, (1, repeats, 1, 1)), np.tile(V, (1, repeats, 1, 1)),",
           VALUES),
    Mutant("grouped-query key gradient from one head of the group, not summed",
           "dK.reshape(B, G, repeats, T, d).sum(axis=2)",
           "dK.reshape(B, G, repeats, T, d)[:, :, 0]", FUNCTION_GRADIENT_CHECKS),
    Mutant("RoPE rotating the wrong pairs: (i, i + d/2), not (2i, 2i + 1)",
           "even, odd = X[..., 0::2], X[..., 1::2]",
           "even, odd = X[..., :X.shape[-1] // 2], X[..., X.shape[-1] // 2:]",
           frozenset({"values", "gradients"})),
    Mutant("RoPE's backward turning forward again, not by R^T",
           "return _turn(dY, cos, -sin)", "return _turn(dY, cos, sin)",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("the causal mask left out",
           "np.copyto(S[..., keys - q:], -np.inf, where=np.triu(np.ones((q, q), dtype=bool), "
           "k=1))",
           # consistent in forward and backward: finite differences agree with it
           "pass", frozenset({"values", "gradients"})),
    Mutant("softmax over the queries (axis -2), not the keys",
           "A /= A.sum(axis=-1, keepdims=True)", "A /= A.sum(axis=-2, keepdims=True)",
           FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("scores not scaled by 1/sqrt(d)",
           "return Q / math.sqrt(Q.shape[-1]), ", "return Q, ",
           FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("padding masks the queries instead of the keys",
           "where=key_padding_mask[:, None, None, :keys]",
           "where=key_padding_mask[:, None, start:end, None]", FUNCTION_GRADIENT_CHECKS | VALUES),
    Mutant("dK without the 1/sqrt(d) of the scores",
           "np.swapaxes(dS, -1, -2) @ Q_block ",
           "np.swapaxes(dS, -1, -2) @ Q_block * math.sqrt(d) ",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("softmax differentiated elementwise (its row-sum term left out)",
           "dS -= (dO_block * O_block).sum(axis=-1, keepdims=True)", "pass",
           FUNCTION_GRADIENT_CHECKS),
    Mutant("dV overwritten by each block of queries instead of summed",
           "dV[..., :keys, :] += ", "dV[..., :keys, :] = ", FUNCTION_GRADIENT_CHECKS),
    # textbook forms: a mistake in the idea the file opens with, caught by the textbook cases
    Mutant("textbook: scores without the 1/sqrt(d) scale",
           "S = Q @ np.swapaxes(K, -1, -2) / math.sqrt(Q.shape[-1])",
           "S = Q @ np.swapaxes(K, -1, -2)", frozenset({"values", "gradients"})),
    Mutant("textbook: dK without the 1/sqrt(d) of the scores",
           "dK = np.swapaxes(dS, -1, -2) @ Q / math.sqrt(Q.shape[-1])",
           "dK = np.swapaxes(dS, -1, -2) @ Q", FUNCTION_GRADIENT_CHECKS),
]
