"""A small GPT: a causal transformer language model, every backward pass by hand, NumPy.

Shapes: N sequences of T token ids (X (N, T), y (N, T) the next token at every position);
vocabulary V, model width C, H heads, L blocks. Parameters carry PyTorch's names
(blocks.0.self_attn.in_proj_weight, as in nn.TransformerEncoderLayer), so that the two sides
compare key by key.

    embedding   x = E[X] + P                        E (V, C), x (N, T, C)
                P[t, 2i] = sin(t / 10000^(2i/C)), P[t, 2i+1] = cos(t / 10000^(2i/C))
                (sinusoidal positions: fixed, not trained)
    block       pre-norm, two residual branches, for l = 1 .. L (the Block class):
                x = x + MultiHeadAttention(LayerNorm1(x), causal)      (attention pair)
                x = x + W2 gelu(W1 LayerNorm2(x) + b1) + b2            W1 (4C, C), W2 (C, 4C)
    head        Z = LayerNorm(x) W_head^T + b_head                     Z (N, T, V)
    loss        L = mean over N T positions of -log softmax(Z)_y       (the next token)
    backward    dZ = (softmax(Z) - onehot(y)) / (N T)                  (losses pair)
                through each block in reverse (Block.backward), a residual sends dx down
                both its paths:
                dx_in = dx_out + d(branch)/dx_in dx_out
                layer norm, GELU and attention backward from their own pairs
                dE[v] = sum of dx over the positions where X = v       (a gather's gradient
                                                                        scatters back)
    update      Adam (optimizers pair)

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, layer-norm gains 1.
"""

import numpy as np

from algorithms._inputs import check_batches, check_tokens, check_tokens_targets, minibatches, train
from algorithms._model_checks import check_width
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._text import sample_tokens
from algorithms.activations.scratch import gelu, gelu_backward, log_softmax
from algorithms.attention.scratch import multi_head_attention, multi_head_attention_backward
from algorithms.losses.scratch import cross_entropy, cross_entropy_backward
from algorithms.normalization.scratch import layer_norm, layer_norm_backward
from algorithms.optimizers.scratch import Adam


def sinusoidal_positions(T, C):
    """P (T, C): sin on the even features, cos on the odd, wavelengths 2 pi .. 10000 2 pi."""
    angle = np.arange(T)[:, None] / 10000 ** (np.arange(0, C, 2) / C)   # (T, C/2)
    P = np.empty((T, C))
    P[:, 0::2], P[:, 1::2] = np.sin(angle), np.cos(angle)
    return P


class Block:
    """One pre-norm causal block, nanoGPT's shape: x = x + attention(norm1(x)), then
    x = x + mlp(norm2(x)). forward keeps what backward needs, as autograd's graph would;
    backward derives every gradient by hand. Parameters are named as in
    nn.TransformerEncoderLayer; the model hands the block the arrays its optimizer updates."""

    def __init__(self, d_model, n_heads, dtype=np.float64):
        C = d_model
        self.n_heads = n_heads
        self.params = {name: np.zeros(shape, dtype=dtype) for name, shape in (
            ("self_attn.in_proj_weight", (3 * C, C)), ("self_attn.in_proj_bias", (3 * C,)),
            ("self_attn.out_proj.weight", (C, C)), ("self_attn.out_proj.bias", (C,)),
            ("linear1.weight", (4 * C, C)), ("linear1.bias", (4 * C,)),
            ("linear2.weight", (C, 4 * C)), ("linear2.bias", (C,)),
            ("norm1.weight", (C,)), ("norm1.bias", (C,)),
            ("norm2.weight", (C,)), ("norm2.bias", (C,)))}
        self.saved = {}                                    # each piece's input, for backward

    def forward(self, x):
        """x (N, T, C) through both residual branches."""
        h = self._norm("norm1", x)
        x = x + self.attention(h)                                      # attention branch
        x = x + self.mlp(self._norm("norm2", x))                       # MLP branch
        return x

    def attention(self, h):
        """Causal multi-head self-attention of h (N, T, C) (the attention pair)."""
        p, self.saved["attention"] = self.params, h
        return multi_head_attention(h, p["self_attn.in_proj_weight"],
                                    p["self_attn.in_proj_bias"], p["self_attn.out_proj.weight"],
                                    p["self_attn.out_proj.bias"], None, n_heads=self.n_heads,
                                    causal=True)

    def mlp(self, m):
        """W2 gelu(W1 m + b1) + b2 over the features of m (N, T, C); W1 (4C, C), W2 (C, 4C)."""
        p, self.saved["mlp"] = self.params, m
        hidden = self.saved["hidden"] = (m.reshape(-1, m.shape[-1]) @ p["linear1.weight"].T
                                         + p["linear1.bias"])          # (N T, 4C)
        return (gelu(hidden) @ p["linear2.weight"].T + p["linear2.bias"]).reshape(m.shape)

    def _norm(self, name, x):
        """Layer norm over the features of x (N, T, C) (the normalization pair)."""
        p, self.saved[name] = self.params, x
        return layer_norm(x.reshape(-1, x.shape[-1]), p[name + ".weight"],
                          p[name + ".bias"]).reshape(x.shape)

    def backward(self, dx):
        """(dL/dx into the block, {parameter: gradient}) from dL/dx out of it (N, T, C)."""
        p, C, grads, saved = self.params, dx.shape[-1], {}, self.saved
        # x_out = middle + mlp(norm2(middle)): dmiddle = dx_out + through the MLP branch
        d_mlp_out = dx.reshape(-1, C)                                  # (N T, C)
        grads["linear2.weight"] = d_mlp_out.T @ gelu(saved["hidden"])
        grads["linear2.bias"] = d_mlp_out.sum(axis=0)
        d_hidden = gelu_backward(saved["hidden"], d_mlp_out @ p["linear2.weight"])  # (N T, 4C)
        grads["linear1.weight"] = d_hidden.T @ saved["mlp"].reshape(-1, C)
        grads["linear1.bias"] = d_hidden.sum(axis=0)
        d_middle, grads["norm2.weight"], grads["norm2.bias"] = layer_norm_backward(
            saved["norm2"].reshape(-1, C), p["norm2.weight"], p["norm2.bias"],
            d_hidden @ p["linear1.weight"])
        d_middle = dx + d_middle.reshape(dx.shape)                     # both paths
        # middle = x + attention(norm1(x)): dx_in = dmiddle + through the attention branch
        (d_h, grads["self_attn.in_proj_weight"], grads["self_attn.in_proj_bias"],
         grads["self_attn.out_proj.weight"], grads["self_attn.out_proj.bias"]) = (
            multi_head_attention_backward(
                saved["attention"], p["self_attn.in_proj_weight"], p["self_attn.in_proj_bias"],
                p["self_attn.out_proj.weight"], p["self_attn.out_proj.bias"], None, d_middle,
                n_heads=self.n_heads, causal=True))
        d_x, grads["norm1.weight"], grads["norm1.bias"] = layer_norm_backward(
            saved["norm1"].reshape(-1, C), p["norm1.weight"], p["norm1.bias"],
            d_h.reshape(-1, C))
        return d_middle + d_x.reshape(dx.shape), grads                 # both paths


class GPT:
    """Token embedding + sinusoidal positions, L pre-norm causal blocks, a linear head.

    Parameters
    ----------
    context_length : int, the context length T: the columns of X.
    vocab_size : int, the number of token ids V.
    d_model : int, the model width C (even, a multiple of n_heads).
    n_heads : int, attention heads H.
    n_layers : int, transformer blocks L.
    lr : float, Adam's learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, sequences per step; None is full-batch.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "n_layers": Integer(low=1), **TRAINING}

    def __init__(self, context_length, vocab_size=65, d_model=32, n_heads=4, n_layers=2, lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads)
        self.positions = sinusoidal_positions(context_length, d_model).astype(self.dtype)
        V, C = vocab_size, d_model
        self.blocks = [Block(d_model, n_heads, self.dtype) for _ in range(n_layers)]
        shapes = {"embedding.weight": (V, C),
                  **{f"blocks.{l}.{name}": value.shape for l, block in enumerate(self.blocks)
                     for name, value in block.params.items()},
                  "norm.weight": (C,), "norm.bias": (C,), "head.weight": (V, C),
                  "head.bias": (V,)}
        rng = np.random.default_rng(seed)
        self.optimizer = Adam({name: (np.ones(shape) if "norm" in name and name.endswith("weight")
                               else np.zeros(shape) if name.endswith("bias")
                               else 0.02 * rng.standard_normal(shape)).astype(self.dtype)
                               for name, shape in shapes.items()}, lr=lr)
        self.params = self.optimizer.params                            # Adam updates them
        for l, block in enumerate(self.blocks):                        # and the blocks use them
            block.params = {name: self.params[f"blocks.{l}.{name}"] for name in block.params}

    def state_dict(self):
        """The parameters by nn.Module name, as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        for name, value in self.params.items():
            value[...] = np.asarray(state[name]).reshape(value.shape)

    def forward(self, X):
        """Logits Z (N, T, V) for token ids X (N, T); keeps what gradients needs."""
        p, T = self.params, X.shape[1]
        x = p["embedding.weight"][X] + self.positions[:T]              # (N, T, C)
        for block in self.blocks:
            x = block.forward(x)
        self.x = x.reshape(-1, self.d_model)                           # (N T, C)
        self.head_in = layer_norm(self.x, p["norm.weight"], p["norm.bias"])
        Z = self.head_in @ p["head.weight"].T + p["head.bias"]         # (N T, V)
        return Z.reshape(*X.shape, -1)                                 # (N, T, V)

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
        dx, grads["norm.weight"], grads["norm.bias"] = layer_norm_backward(
            self.x, p["norm.weight"], p["norm.bias"], dZ @ p["head.weight"])
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

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0):
        """prompt (1-D token ids) and n_tokens drawn after it, each from softmax(Z / t) at the
        last position, the context cropped to the last T tokens (see `sample_tokens`)."""
        return sample_tokens(lambda ids: self.forward(ids)[0, -1], prompt, n_tokens,
                             vocab_size=self.vocab_size, context_length=self.context_length,
                             temperature=temperature, seed=seed)
