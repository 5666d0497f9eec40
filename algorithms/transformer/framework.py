"""A small GPT: a causal transformer language model from PyTorch's own layers, autograd backward.

Shapes: N sequences of T token ids (X (N, T), y (N, T) the next token at every position);
vocabulary V, model width C, H query heads of d = C / H features, G key and value heads, L
blocks.

    embedding   nn.Embedding(V, C) + sinusoidal positions P (T, C), a buffer (not trained);
                positions="rotary": no P, queries and keys turned inside attention instead
    block       Block: x = x + attention(norm1(x)), x = x + mlp(norm2(x)), nanoGPT's pre-norm
                block; its parameters carry nn.TransformerEncoderLayer's names, and a test
                checks that the default block computes what
                nn.TransformerEncoderLayer(norm_first=True) computes; L of them
    attention   _SelfAttention: nn.MultiheadAttention's parameters (in_proj_weight,
                in_proj_bias, out_proj), with (H + 2G) d rows in in_proj_weight, then
                F.scaled_dot_product_attention(is_causal=True, enable_gqa=True); torch has no
                module for rotary positions: the attention pair's torch-ops rotary
    norm        nn.LayerNorm(C) or nn.RMSNorm(C)
    mlp         nn.Linear, F.gelu(approximate="tanh") or silu(gate) * value (torch has no
                SwiGLU module), nn.Linear
    head        a norm, then nn.Linear(C, V)
    loss        nn.CrossEntropyLoss() over the N T positions
    backward    loss.backward()
    update      torch.optim.Adam

KV cache: forward(X, cache) runs only the new tokens X, their keys and values appended to the
cache's (torch.cat), their queries attending to every cached key under a mask written out:
F.scaled_dot_product_attention's is_causal aligns its triangle to the top-left, and the new
queries are the last positions.

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, norm gains 1, from torch's
generator. state_dict() names are named_parameters()' own.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

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
from algorithms._torch import to_tensor, torch_dtype
from algorithms.attention.framework import merge_heads, rotary, split_heads


def sinusoidal_positions(T, C):
    """P (T, C): sin on the even features, cos on the odd, wavelengths 2 pi .. 10000 2 pi."""
    angle = torch.arange(T, dtype=torch.float64)[:, None] / 10000 ** (
        torch.arange(0, C, 2, dtype=torch.float64) / C)                # (T, C/2)
    P = torch.empty(T, C, dtype=torch.float64)
    P[:, 0::2], P[:, 1::2] = torch.sin(angle), torch.cos(angle)
    return P


def gpt2_initialize_(module, seed):
    """GPT-2's initial parameters, in place: weights from N(0, 0.02^2), biases 0, norm gains 1,
    drawn in the order of named_parameters() from torch's generator seeded by `seed`."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            if "norm" in name and name.endswith("weight"):
                parameter.fill_(1.0)
            elif name.endswith("bias"):
                parameter.zero_()
            else:
                parameter.normal_(0.0, 0.02, generator=generator)


class KVCache:
    """One block's keys and values (N, G, S, d) of the S positions seen so far. `append`
    returns them with the new positions' joined on; no tensor is written in place, so a copy
    is cheap, and running on from a copy leaves the original as it was."""

    def __init__(self):
        self.keys = self.values = None

    @property
    def length(self):
        return 0 if self.keys is None else self.keys.shape[2]

    def append(self, K, V):
        if self.keys is not None:
            K = torch.cat([self.keys, K], dim=2)                       # (N, G, S + t, d)
            V = torch.cat([self.values, V], dim=2)
        self.keys, self.values = K, V
        return K, V

    def copy(self):
        twin = KVCache()
        twin.keys, twin.values = self.keys, self.values
        return twin


class _SelfAttention(nn.Module):
    """Causal self-attention with nn.MultiheadAttention's parameter names: H query heads, G key
    and value heads (grouped-query attention when G < H), rotary positions if asked."""

    def __init__(self, d_model, n_heads, n_kv_heads, rotary, dtype):
        super().__init__()
        self.n_heads, self.n_kv_heads, self.rotary = n_heads, n_kv_heads, rotary
        rows = (n_heads + 2 * n_kv_heads) * (d_model // n_heads)       # (H + 2G) d
        self.in_proj_weight = nn.Parameter(torch.empty(rows, d_model, dtype=dtype))
        self.in_proj_bias = nn.Parameter(torch.zeros(rows, dtype=dtype))
        self.out_proj = nn.Linear(d_model, d_model, dtype=dtype)
        nn.init.xavier_uniform_(self.in_proj_weight)   # as nn.MultiheadAttention (a Block on
        #                                                its own; GPT re-draws every weight)

    def forward(self, h, cache=None):
        """h (N, T, C): T new positions after a cache's, their keys and values joining it."""
        T, C = h.shape[1:]
        H, G, d = self.n_heads, self.n_kv_heads, C // self.n_heads
        start = 0 if cache is None else cache.length                   # the first position
        q, k, v = F.linear(h, self.in_proj_weight, self.in_proj_bias).split(
            [H * d, G * d, G * d], dim=-1)
        q, k, v = split_heads(q, H), split_heads(k, G), split_heads(v, G)  # (N, H|G, T, d)
        if self.rotary:                                                # turned by position
            q, k = rotary(q, start=start), rotary(k, start=start)
        if cache is None:
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
        else:
            k, v = cache.append(k, v)                                  # (N, G, S, d)
            S = k.shape[2]                                             # query t at S - T + t
            allowed = torch.ones(T, S, dtype=torch.bool, device=h.device).tril(S - T)
            o = F.scaled_dot_product_attention(q, k, v, attn_mask=allowed, enable_gqa=True)
        return self.out_proj(merge_heads(o))                           # (N, T, C)


class Block(nn.Module):
    """One pre-norm causal block, nanoGPT's shape: x = x + attention(norm1(x)), then
    x = x + mlp(norm2(x)); autograd records what the backward pass needs. Its parameters
    carry nn.TransformerEncoderLayer's names: by default it is that layer with
    norm_first=True, GELU (tanh) and no dropout, written out (tests/test_pair_details.py checks
    the two agree)."""

    def __init__(self, d_model, n_heads, n_kv_heads=None, positions="sinusoidal", norm="layer",
                 mlp="gelu", dtype=np.float64):
        super().__init__()
        dtype = torch_dtype(dtype)
        G = n_heads if n_kv_heads is None else n_kv_heads
        self.self_attn = _SelfAttention(d_model, n_heads, G, positions == "rotary", dtype)
        hidden = 4 * d_model if mlp == "gelu" else 8 * d_model // 3    # F
        self.swiglu = mlp == "swiglu"
        self.linear1 = nn.Linear(d_model, 2 * hidden if self.swiglu else hidden, dtype=dtype)
        self.linear2 = nn.Linear(hidden, d_model, dtype=dtype)
        Norm = nn.RMSNorm if norm == "rms" else nn.LayerNorm
        self.norm1 = Norm(d_model, dtype=dtype)
        self.norm2 = Norm(d_model, dtype=dtype)

    def forward(self, x, cache=None):
        """x (N, T, C) through both residual branches (T new positions after a cache's)."""
        h = self.norm1(x)
        x = x + self.attention(h, cache)                               # attention branch
        x = x + self.mlp(self.norm2(x))                                # MLP branch
        return x

    def attention(self, h, cache=None):
        """Causal self-attention of h (N, T, C) (_SelfAttention above)."""
        return self.self_attn(h, cache)

    def mlp(self, m):
        """linear2(act(linear1(m))) over the features of m (N, T, C)."""
        hidden = self.linear1(m)
        if self.swiglu:
            gate, value = hidden.chunk(2, dim=-1)
            return self.linear2(F.silu(gate) * value)
        return self.linear2(F.gelu(hidden, approximate="tanh"))


class GPT(nn.Module):
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
    norm : "layer" (nn.LayerNorm) or "rms" (nn.RMSNorm).
    mlp : "gelu" or "swiglu", the feed-forward branch.
    lr : float, Adam's learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, sequences per step; None is full-batch.
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "n_layers": Integer(low=1), "n_kv_heads": Optional(Integer(low=1)),
                       "positions": Options("sinusoidal", "rotary"),
                       "norm": Options("layer", "rms"), "mlp": Options("gelu", "swiglu"),
                       **TRAINING}

    def __init__(self, context_length, vocab_size=65, d_model=32, n_heads=4, n_layers=2,
                 n_kv_heads=None, positions="sinusoidal", norm="layer", mlp="gelu", lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads, n_kv_heads, rotary=positions == "rotary")
        self.device = torch.device(device)
        dtype = torch_dtype(dtype)
        self.register_buffer("sinusoids", sinusoidal_positions(context_length, d_model).to(dtype))
        self.embedding = nn.Embedding(vocab_size, d_model, dtype=dtype)
        self.blocks = nn.ModuleList(Block(d_model, n_heads, n_kv_heads, positions, norm, mlp,
                                          self.dtype) for _ in range(n_layers))
        self.norm = (nn.RMSNorm if norm == "rms" else nn.LayerNorm)(d_model, dtype=dtype)
        self.head = nn.Linear(d_model, vocab_size, dtype=dtype)
        gpt2_initialize_(self, seed)
        self.to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.Adam(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by nn.Module name, as detached copies."""
        return {name: value.detach().clone() for name, value in self.named_parameters()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        check_state(state, {name: value.shape for name, value in self.named_parameters()})
        with torch.no_grad():
            for name, value in self.named_parameters():
                value.copy_(to_tensor(state[name], self.device))

    def new_kv_cache(self):
        """An empty KV cache for forward(X, cache): one KVCache per block."""
        return [KVCache() for _ in self.blocks]

    def forward(self, X, cache=None):
        """Logits Z (N, T, V) for token ids X (N, T); autograd records the graph. With a cache
        (new_kv_cache()), X holds the T tokens after those it has seen, at the positions after
        theirs; their keys and values join it."""
        T = X.shape[1]
        start = 0 if cache is None else cache[0].length
        check_cache_room(start, T, self.context_length, cache is not None)
        x = self.embedding(X)                                          # (N, T, C)
        if self.positions == "sinusoidal":
            x = x + self.sinusoids[start:start + T]
        for l, block in enumerate(self.blocks):
            x = block(x, None if cache is None else cache[l])
        return self.head(self.norm(x))                                 # (N, T, V)

    def loss(self, X, y):
        """Mean cross-entropy of the next tokens y (N, T) over every position."""
        return self.loss_fn(self(X).reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, by autograd."""
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                                # autograd
        return loss.detach(), {name: value.grad for name, value in self.named_parameters()}

    def step(self, X, y):
        """One Adam step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                                 # fills p.grad
        self.optimizer.step()
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_tokens_targets(X, y, vocab_size=self.vocab_size,
                                    n_positions=self.context_length)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        X, y = to_tensor(X, self.device), to_tensor(y, self.device)
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """Next-token probabilities (N, T, V) at every position, as a NumPy array."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        with torch.no_grad():
            return torch.softmax(self(to_tensor(X, self.device)), dim=-1).cpu().numpy()

    def predict(self, X):
        """The most probable next token at every position (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=-1).cpu().numpy()

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0, kv_cache=True):
        """prompt (1-D token ids) and n_tokens drawn after it, each from softmax(Z / t) at the
        last position, the context cropped to the last T tokens (see `sample_tokens`). With
        kv_cache, each token runs once (see `CachedLogits`); without, every step runs the
        whole context again. The logits agree to rounding, and so the tokens drawn."""
        def logits(ids, cache=None):
            with torch.no_grad():
                return self(to_tensor(ids, self.device), cache).cpu().numpy()

        next_logits = (CachedLogits(logits, self.new_kv_cache) if kv_cache
                       else lambda ids: logits(ids)[0, -1])
        return sample_tokens(next_logits, prompt, n_tokens, vocab_size=self.vocab_size,
                             context_length=self.context_length, temperature=temperature,
                             seed=seed)
