"""A small GPT: a causal transformer language model, every backward pass by hand, NumPy.

Shapes: N sequences of T token ids (X (N, T), y (N, T) the next token at every position);
vocabulary V, model width C, H query heads of d = C / H features, G key and value heads (G = H,
or fewer: grouped-query attention), L blocks. Parameters carry PyTorch's names
(blocks.0.self_attn.in_proj_weight, as in nn.TransformerEncoderLayer), so that the two sides
compare key by key.

    embedding   x = E[X] + P                        E (V, C), x (N, T, C)
                P[t, 2i] = sin(t / 10000^(2i/C)), P[t, 2i+1] = cos(t / 10000^(2i/C))
                (sinusoidal positions: fixed, not trained); positions="rotary" adds no P:
                queries and keys turn by their positions inside attention instead (RoPE)
    block       pre-norm, two residual branches, for l = 1 .. L (the Block class):
                x = x + Attention(Norm1(x))
                x = x + W2 act(W1 Norm2(x) + b1) + b2
    attention   [Q K V] = h W_in^T + b_in           W_in ((H + 2G) d, C): H query heads, G key
                                                    and value heads
                Q, K <- rotary(Q), rotary(K)        (positions="rotary")
                O = softmax(Q K^T / sqrt(d) + causal mask) V, query head h reading key and
                    value head h // (H / G)         (the attention pair's grouped_query_attention)
                Y = O W_out^T + b_out               W_out (C, C)
    norm        "layer": gamma (x - mean) / std + beta;  "rms": gamma x / rms(x), no mean and
                no beta (the normalization pair)
    mlp         "gelu": act = gelu, W1 (4C, C), W2 (C, 4C)
                "swiglu": act(z) = silu(z_gate) * z_value, the two halves of z; W1 (2F, C),
                W2 (C, F), F = 8C/3 rounded down, so that its three F x C matrices hold about
                the 8 C^2 weights of the GELU MLP's two (the activations pair)
    head        Z = Norm(x) W_head^T + b_head                          Z (N, T, V)
    loss        L = mean over N T positions of -log softmax(Z)_y       (the next token)
    backward    dZ = (softmax(Z) - onehot(y)) / (N T)                  (losses pair)
                through each block in reverse (Block.backward), a residual sends dx down
                both its paths:
                dx_in = dx_out + d(branch)/dx_in dx_out
                norms, activations, attention and rotary backward from their own pairs
                dE[v] = sum of dx over the positions where X = v       (a gather's gradient
                                                                        scatters back)
    update      Adam (optimizers pair)

LLaMA's choices are positions="rotary", norm="rms", mlp="swiglu" and n_kv_heads < n_heads.

KV cache: generation adds one token at a time, and a causal model's earlier positions never
see it, so their keys and values do not change. A cache (new_kv_cache(), one KVCache per
block) keeps them: forward(X, cache) runs only the new tokens, at the positions after the
cached ones, their queries attending to every cached key. Its logits are those of the whole
sequence's forward pass (parity's kv_cache check); each new token costs O(T) instead of
O(T^2), until the context is full: then the window slides, every position moves, and
generation starts the cache again from the window at each step (see CachedLogits).

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, norm gains 1.
"""

import numpy as np

from algorithms._inputs import (
    check_batches,
    check_state,
    check_tokens,
    check_tokens_targets,
    minibatches,
    train,
)
from algorithms._model_checks import check_cache_room, check_width
from algorithms._params import TRAINING, Integer, Optional, Options, set_hyperparameters
from algorithms._text import CachedLogits, sample_tokens
from algorithms.activations.scratch import (
    gelu,
    gelu_backward,
    log_softmax,
    swiglu,
    swiglu_backward,
)
from algorithms.attention.scratch import (
    grouped_query_attention,
    grouped_query_attention_backward,
    merge_heads,
    rotary,
    rotary_backward,
    split_heads,
)
from algorithms.losses.scratch import cross_entropy, cross_entropy_backward
from algorithms.normalization.scratch import (
    layer_norm,
    layer_norm_backward,
    rms_norm,
    rms_norm_backward,
)
from algorithms.optimizers.scratch import Adam

ACTIVATIONS = {"gelu": (gelu, gelu_backward), "swiglu": (swiglu, swiglu_backward)}


def sinusoidal_positions(T, C):
    """P (T, C): sin on the even features, cos on the odd, wavelengths 2 pi .. 10000 2 pi."""
    angle = np.arange(T)[:, None] / 10000 ** (np.arange(0, C, 2) / C)   # (T, C/2)
    P = np.empty((T, C))
    P[:, 0::2], P[:, 1::2] = np.sin(angle), np.cos(angle)
    return P


def gpt2_initial(shapes, seed, dtype):
    """GPT-2's initial parameters for {name: shape}: weights from N(0, 0.02^2), biases 0, norm
    gains 1, drawn in the order of `shapes` from NumPy's generator seeded by `seed`."""
    rng = np.random.default_rng(seed)
    return {name: (np.ones(shape) if "norm" in name and name.endswith("weight")
                   else np.zeros(shape) if name.endswith("bias")
                   else 0.02 * rng.standard_normal(shape)).astype(dtype)
            for name, shape in shapes.items()}


def norm_parameters(name, C, norm):
    """{name.weight: (C,)} and, for layer norm, {name.bias: (C,)}: the shapes of one norm."""
    return {f"{name}.weight": (C,), **({f"{name}.bias": (C,)} if norm == "layer" else {})}


def normalize(norm, p, name, rows):
    """Layer norm or RMS norm (norm) over the features of rows (M, C), parameters p[name.*]."""
    if norm == "rms":
        return rms_norm(rows, p[name + ".weight"])
    return layer_norm(rows, p[name + ".weight"], p[name + ".bias"])


def normalize_backward(norm, p, name, rows, d_out, grads):
    """dL/d(rows) (M, C) from dL/d(normalized rows); the gains' (and biases') into grads."""
    if norm == "rms":
        d_rows, grads[name + ".weight"] = rms_norm_backward(rows, p[name + ".weight"], d_out)
    else:
        d_rows, grads[name + ".weight"], grads[name + ".bias"] = layer_norm_backward(
            rows, p[name + ".weight"], p[name + ".bias"], d_out)
    return d_rows


class KVCache:
    """One block's keys and values (N, G, S, d) of the S positions seen so far. `append`
    returns them with the new positions' joined on; no array is written in place, so a copy
    is cheap, and running on from a copy leaves the original as it was."""

    def __init__(self):
        self.keys = self.values = None

    @property
    def length(self):
        return 0 if self.keys is None else self.keys.shape[2]

    def append(self, K, V):
        if self.keys is not None:
            K = np.concatenate([self.keys, K], axis=2)                 # (N, G, S + t, d)
            V = np.concatenate([self.values, V], axis=2)
        self.keys, self.values = K, V
        return K, V

    def copy(self):
        twin = KVCache()
        twin.keys, twin.values = self.keys, self.values
        return twin


class Block:
    """One pre-norm causal block, nanoGPT's shape: x = x + attention(norm1(x)), then
    x = x + mlp(norm2(x)). forward keeps what backward needs, as autograd's graph would;
    backward derives every gradient by hand. Parameters are named as in
    nn.TransformerEncoderLayer; the model hands the block the arrays its optimizer updates."""

    def __init__(self, d_model, n_heads, n_kv_heads=None, positions="sinusoidal", norm="layer",
                 mlp="gelu", dtype=np.float64):
        C, H = d_model, n_heads
        G = self.n_kv_heads = H if n_kv_heads is None else n_kv_heads
        self.n_heads, self.rotary, self.norm = H, positions == "rotary", norm
        self.activation, self.activation_backward = ACTIVATIONS[mlp]
        hidden = 4 * C if mlp == "gelu" else 8 * C // 3                # F
        into_hidden = hidden if mlp == "gelu" else 2 * hidden          # SwiGLU: gate, value
        qkv = (H + 2 * G) * (C // H)                                   # (H + 2G) d
        shapes = {"self_attn.in_proj_weight": (qkv, C), "self_attn.in_proj_bias": (qkv,),
                  "self_attn.out_proj.weight": (C, C), "self_attn.out_proj.bias": (C,),
                  "linear1.weight": (into_hidden, C), "linear1.bias": (into_hidden,),
                  "linear2.weight": (C, hidden), "linear2.bias": (C,),
                  **norm_parameters("norm1", C, norm), **norm_parameters("norm2", C, norm)}
        self.params = {name: np.zeros(shape, dtype=dtype) for name, shape in shapes.items()}
        self.saved = {}                                    # each piece's input, for backward

    def forward(self, x, cache=None):
        """x (N, T, C) through both residual branches (T new positions after a cache's)."""
        h = self._norm("norm1", x)
        x = x + self.attention(h, cache)                               # attention branch
        x = x + self.mlp(self._norm("norm2", x))                       # MLP branch
        return x

    def attention(self, h, cache=None):
        """Causal self-attention of h (N, T, C) (the attention pair's pieces). With a cache,
        h holds the positions after the cached ones; their keys and values join it."""
        p, H, G = self.params, self.n_heads, self.n_kv_heads
        d = h.shape[-1] // H
        start = 0 if cache is None else cache.length                   # the first position
        qkv = h @ p["self_attn.in_proj_weight"].T + p["self_attn.in_proj_bias"]  # (N, T, (H+2G)d)
        Q, K, V = np.split(qkv, [H * d, (H + G) * d], axis=-1)
        Q, K, V = split_heads(Q, H), split_heads(K, G), split_heads(V, G)  # (N, H|G, T, d)
        if self.rotary:                                                # turned by position
            Q, K = rotary(Q, start=start), rotary(K, start=start)
        if cache is not None:
            K, V = cache.append(K, V)                                  # (N, G, start + T, d)
        O = merge_heads(grouped_query_attention(Q, K, V, causal=True))  # (N, T, C)
        self.saved.update(attention=h, heads=(Q, K, V), attention_out=O)
        return O @ p["self_attn.out_proj.weight"].T + p["self_attn.out_proj.bias"]

    def mlp(self, m):
        """W2 act(W1 m + b1) + b2 over the features of m (N, T, C)."""
        p, self.saved["mlp"] = self.params, m
        hidden = self.saved["hidden"] = (m.reshape(-1, m.shape[-1]) @ p["linear1.weight"].T
                                         + p["linear1.bias"])          # (N T, 4C or 2F)
        return (self.activation(hidden) @ p["linear2.weight"].T
                + p["linear2.bias"]).reshape(m.shape)

    def _norm(self, name, x):
        """Norm `name` over the features of x (N, T, C) (the normalization pair)."""
        self.saved[name] = x
        return normalize(self.norm, self.params, name, x.reshape(-1, x.shape[-1])).reshape(
            x.shape)

    def backward(self, dx):
        """(dL/dx into the block, {parameter: gradient}) from dL/dx out of it (N, T, C)."""
        p, C, grads, saved = self.params, dx.shape[-1], {}, self.saved
        # x_out = middle + mlp(norm2(middle)): dmiddle = dx_out + through the MLP branch
        d_mlp_out = dx.reshape(-1, C)                                  # (N T, C)
        grads["linear2.weight"] = d_mlp_out.T @ self.activation(saved["hidden"])
        grads["linear2.bias"] = d_mlp_out.sum(axis=0)
        d_hidden = self.activation_backward(saved["hidden"],
                                            d_mlp_out @ p["linear2.weight"])  # (N T, 4C or 2F)
        grads["linear1.weight"] = d_hidden.T @ saved["mlp"].reshape(-1, C)
        grads["linear1.bias"] = d_hidden.sum(axis=0)
        d_middle = normalize_backward(self.norm, p, "norm2", saved["norm2"].reshape(-1, C),
                                      d_hidden @ p["linear1.weight"], grads)
        d_middle = dx + d_middle.reshape(dx.shape)                     # both paths
        # middle = x + attention(norm1(x)): dx_in = dmiddle + through the attention branch
        d_h = self.attention_backward(d_middle, grads)
        d_x = normalize_backward(self.norm, p, "norm1", saved["norm1"].reshape(-1, C),
                                 d_h.reshape(-1, C), grads)
        return d_middle + d_x.reshape(dx.shape), grads                 # both paths

    def attention_backward(self, dY, grads):
        """dL/dh (N, T, C) of the attention branch from dL/dY; its parameters' into grads."""
        p, (Q, K, V), h = self.params, self.saved["heads"], self.saved["attention"]
        C = h.shape[-1]
        dY_rows = dY.reshape(-1, C)                                    # (N T, C)
        grads["self_attn.out_proj.weight"] = (
            dY_rows.T @ self.saved["attention_out"].reshape(-1, C))    # Y = O W_out^T + b_out
        grads["self_attn.out_proj.bias"] = dY_rows.sum(axis=0)
        dO = split_heads(dY @ p["self_attn.out_proj.weight"], self.n_heads)  # (N, H, T, d)
        dQ, dK, dV = grouped_query_attention_backward(Q, K, V, dO, causal=True)
        if self.rotary:                                                # turned back: R^T
            dQ, dK = rotary_backward(Q, dQ), rotary_backward(K, dK)
        d_qkv = np.concatenate([merge_heads(g) for g in (dQ, dK, dV)], axis=-1)  # (N, T, (H+2G)d)
        d_qkv_rows = d_qkv.reshape(-1, d_qkv.shape[-1])
        grads["self_attn.in_proj_weight"] = d_qkv_rows.T @ h.reshape(-1, C)  # qkv = h W_in^T
        grads["self_attn.in_proj_bias"] = d_qkv_rows.sum(axis=0)
        return d_qkv @ p["self_attn.in_proj_weight"]


class GPT:
    """Token embedding (+ sinusoidal positions), L pre-norm causal blocks, a linear head.

    Parameters
    ----------
    context_length : int, the context length T: the columns of X.
    vocab_size : int, the number of token ids V.
    d_model : int, the model width C (even, a multiple of n_heads).
    n_heads : int, attention (query) heads H.
    n_layers : int, transformer blocks L.
    n_kv_heads : int or None, key and value heads G, shared by groups of H / G query heads
        (grouped-query attention); None: G = H.
    positions : "sinusoidal" (added to the embeddings) or "rotary" (turning queries and keys).
    norm : "layer" (LayerNorm) or "rms" (RMSNorm).
    mlp : "gelu" or "swiglu", the feed-forward branch.
    lr : float, Adam's learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, sequences per step; None is full-batch.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "n_layers": Integer(low=1), "n_kv_heads": Optional(Integer(low=1)),
                       "positions": Options("sinusoidal", "rotary"),
                       "norm": Options("layer", "rms"), "mlp": Options("gelu", "swiglu"),
                       **TRAINING}

    def __init__(self, context_length, vocab_size=65, d_model=32, n_heads=4, n_layers=2,
                 n_kv_heads=None, positions="sinusoidal", norm="layer", mlp="gelu", lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads, n_kv_heads, rotary=positions == "rotary")
        self.sinusoids = sinusoidal_positions(context_length, d_model).astype(self.dtype)
        V, C = vocab_size, d_model
        self.blocks = [Block(d_model, n_heads, n_kv_heads, positions, norm, mlp, self.dtype)
                       for _ in range(n_layers)]
        shapes = {"embedding.weight": (V, C),
                  **{f"blocks.{l}.{name}": value.shape for l, block in enumerate(self.blocks)
                     for name, value in block.params.items()},
                  **norm_parameters("norm", C, norm), "head.weight": (V, C),
                  "head.bias": (V,)}
        self.optimizer = Adam(gpt2_initial(shapes, seed, self.dtype), lr=lr)
        self.params = self.optimizer.params                            # Adam updates them
        for l, block in enumerate(self.blocks):                        # and the blocks use them
            block.params = {name: self.params[f"blocks.{l}.{name}"] for name in block.params}

    def state_dict(self):
        """The parameters by nn.Module name, as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        for name, value in self.params.items():
            value[...] = state[name]

    def new_kv_cache(self):
        """An empty KV cache for forward(X, cache): one KVCache per block."""
        return [KVCache() for _ in self.blocks]

    def forward(self, X, cache=None):
        """Logits Z (N, T, V) for token ids X (N, T); keeps what gradients needs. With a cache
        (new_kv_cache()), X holds the T tokens after those it has seen, at the positions after
        theirs; their keys and values join it."""
        p, T = self.params, X.shape[1]
        start = 0 if cache is None else cache[0].length
        check_cache_room(start, T, self.context_length, cache is not None)
        x = p["embedding.weight"][X]                                   # (N, T, C)
        if self.positions == "sinusoidal":
            x = x + self.sinusoids[start:start + T]
        for l, block in enumerate(self.blocks):
            x = block.forward(x, None if cache is None else cache[l])
        self.x = x.reshape(-1, self.d_model)                           # (N T, C)
        self.head_in = normalize(self.norm, p, "norm", self.x)
        Z = self.head_in @ p["head.weight"].T + p["head.bias"]         # (N T, V)
        return Z.reshape(*X.shape, self.vocab_size)                    # (N, T, V)

    def loss(self, X, y):
        """Mean cross-entropy of the next tokens y (N, T) over every position."""
        return cross_entropy(self.forward(X).reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, derived by hand."""
        p = self.params
        Z = self.forward(X).reshape(-1, self.vocab_size)               # (N T, V)
        loss = cross_entropy(Z, y.reshape(-1))
        dZ = cross_entropy_backward(Z, y.reshape(-1), 1.0)             # (P - Y) / (N T)
        grads = {"head.weight": dZ.T @ self.head_in,                   # Z = h W^T + b
                 "head.bias": dZ.sum(axis=0)}
        dx = normalize_backward(self.norm, p, "norm", self.x, dZ @ p["head.weight"], grads)
        dx = dx.reshape(*X.shape, -1)                                  # (N, T, C)
        for l, block in reversed(list(enumerate(self.blocks))):
            dx, block_grads = block.backward(dx)
            grads.update({f"blocks.{l}.{name}": g for name, g in block_grads.items()})
        grads["embedding.weight"] = np.zeros_like(p["embedding.weight"])
        np.add.at(grads["embedding.weight"], X, dx)                    # dE[v] = sum dx[X = v]
        return loss, grads

    def step(self, X, y):
        """One Adam step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        self.optimizer.step(grads)                                     # updates self.params
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_tokens_targets(X, y, vocab_size=self.vocab_size,
                                    n_positions=self.context_length)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """Next-token probabilities (N, T, V) at every position, as a NumPy array."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """The most probable next token at every position (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        return self.forward(X).argmax(axis=-1)

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0, kv_cache=True):
        """prompt (1-D token ids) and n_tokens drawn after it, each from softmax(Z / t) at the
        last position, the context cropped to the last T tokens (see `sample_tokens`). With
        kv_cache, each token runs once (see `CachedLogits`); without, every step runs the
        whole context again. The logits agree to rounding, and so the tokens drawn."""
        next_logits = (CachedLogits(self.forward, self.new_kv_cache) if kv_cache
                       else lambda ids: self.forward(ids)[0, -1])
        return sample_tokens(next_logits, prompt, n_tokens, vocab_size=self.vocab_size,
                             context_length=self.context_length, temperature=temperature,
                             seed=seed)
