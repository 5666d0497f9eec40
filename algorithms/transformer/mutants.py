"""The bug zoo of transformer: classic mistakes, each planted into a copy of the code
and naming the checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import GRADIENT_CHECKS, Mutant

MUTANTS = [
    Mutant("the causal mask left out of the forward pass",
           "O = merge_heads(grouped_query_attention(Q, K, V, causal=True))",
           "O = merge_heads(grouped_query_attention(Q, K, V, causal=False))",
           frozenset({"forward", "gradients", "finite_differences", "trajectory", "fit",
                      "kv_cache"})),
    Mutant("the residual path skipped in the backward pass",
           "return d_middle + d_x.reshape(dx.shape), grads", "return d_x.reshape(dx.shape), grads",
           GRADIENT_CHECKS),
    Mutant("embedding gradient assigned, not summed, over repeated tokens",
           'np.add.at(grads["embedding.weight"], X, dx)', 'grads["embedding.weight"][X] = dx',
           GRADIENT_CHECKS),
    Mutant("sin and cos swapped in the positional encoding",
           "P[:, 0::2], P[:, 1::2] = np.sin(angle), np.cos(angle)",
           "P[:, 0::2], P[:, 1::2] = np.cos(angle), np.sin(angle)",
           frozenset({"forward", "gradients", "trajectory", "fit"})),
    Mutant("the MLP's activation derivative taken at its output",
           'd_hidden = self.activation_backward(saved["hidden"],',
           'd_hidden = self.activation_backward(self.activation(saved["hidden"]),',
           GRADIENT_CHECKS),
    # LLaMA's pieces and the KV cache
    Mutant("a cache that stores keys before the rotation",
           "        if self.rotary:                                                # turned by "
           "position\n            Q, K = rotary(Q, start=start), rotary(K, start=start)\n"
           "        if cache is not None:\n"
           "            K, V = cache.append(K, V)                                  # (N, G, start "
           "+ T, d)",
           "        if cache is not None:\n            K, V = cache.append(K, V)\n"
           "        if self.rotary:\n"
           "            Q, K = rotary(Q, start=start), rotary(K, start=start)",
           frozenset({"kv_cache"})),
    Mutant("cached tokens given positions from 0 again",
           "x = x + self.sinusoids[start:start + T]", "x = x + self.sinusoids[:T]",
           frozenset({"kv_cache"})),
    Mutant("the cached keys and values dropped: new tokens see only each other",
           "K, V = cache.append(K, V)", "cache.append(K, V)", frozenset({"kv_cache"})),
    Mutant("RoPE left out of the backward pass (no turn back by R^T)",
           "dQ, dK = rotary_backward(Q, dQ), rotary_backward(K, dK)", "pass", GRADIENT_CHECKS),
    Mutant("grouped-query: the in-projection split as if keys had H heads",
           "Q, K, V = np.split(qkv, [H * d, (H + G) * d], axis=-1)",
           "Q, K, V = np.split(qkv, [H * d, 2 * H * d], axis=-1)",
           frozenset({"forward", "gradients", "trajectory", "fit", "kv_cache"})),
]
