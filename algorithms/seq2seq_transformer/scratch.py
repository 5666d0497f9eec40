"""The encoder-decoder transformer (Vaswani et al., 2017), every backward pass by hand, NumPy.

Shapes: N pairs of sequences, a source X (N, T) and a target y (N, T), token ids below the
vocabulary V; the decoder reads BOS = V (one more row of the embedding) and then y shifted
right, and predicts y. Model width C, H heads of d = C / H features, F hidden units in each
feed-forward branch. Parameters carry nn.Transformer's names (transformer.encoder.layers.0.
self_attn.in_proj_weight), so that the two sides compare key by key.

    embedding   x = E[X] + P, E (V + 1, C), P the sinusoidal positions (T, C), not trained
    encoder     for each encoder layer (pre-norm: nn.Transformer(norm_first=True)):
                    x = x + SelfAttention(Norm1(x))                  every position sees all
                    x = x + FeedForward(Norm2(x))
                memory = Norm(x)                                     (N, T, C)
    decoder     y_in = [BOS, y_0 .. y_{T-2}], h = E[y_in] + P; for each decoder layer:
                    h = h + SelfAttention(Norm1(h), causal mask)     position t sees 0..t
                    h = h + CrossAttention(Norm2(h), memory)         queries from h, keys
                                                                     and values from memory
                    h = h + FeedForward(Norm3(h))
                Z = Norm(h) W_head^T + b_head                        Z (N, T, V)
                (The paper normalizes after each sum instead, x = Norm(x + f(x)), as
                nn.Transformer does by default; before it, as here and in GPT-2, the residual
                stream passes every gradient on whole, and training is steadier.)
    attention   Q = q W_q^T + b_q, K = k W_k^T + b_k, V = k W_v^T + b_v ([W_q; W_k; W_v] =
                in_proj_weight (3C, C)); O = softmax(Q K^T / sqrt(d) + mask) V per head;
                Y = O W_out^T + b_out (the attention pair's textbook form: T is short here,
                and its softmax' A (dA - sum A dA) is exactly 0 where a query sees one key)
    feedforward W2 relu(W1 x + b1) + b2                              W1 (F, C), W2 (C, F)
    loss        L = mean over N T positions of -log softmax(Z)_y     (teacher forcing)
    backward    dZ = (softmax(Z) - onehot(y)) / (N T); through each residual x + f(Norm(x)):
                dx = dx_out + Norm'(x)^T f'^T dx_out;
                the memory's gradient is the sum of every decoder layer's cross-attention
                keys' and values' gradients, and flows back through the encoder;
                dE[v] = sum of dx over the positions, source and target, that read row v
    update      Adam (optimizers pair)
    decoding    forward(X): greedy, one token at a time: the decoder reads BOS and its own
                argmax tokens so far; the logits of each step (N, T, V). (Every step runs the
                decoder on all the tokens so far again; the transformer pair's KV cache is how
                to avoid it.)

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, norm gains 1.

Source and target have exactly T tokens each: no padding (the attention pair's functions take
a key padding mask; this model passes none) and no end-of-sequence token, so greedy decoding
writes T tokens. Beside the pre-norm, what departs from the paper: the embeddings are not
scaled by sqrt(C), the head is not tied to the embedding, and there is no dropout, no label
smoothing and no warm-up of the learning rate.
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
from algorithms._model_checks import check_width
from algorithms._params import TRAINING, Integer, Optional, set_hyperparameters
from algorithms.activations.scratch import relu, relu_backward
from algorithms.attention.scratch import attention, attention_backward, merge_heads, split_heads
from algorithms.losses.scratch import cross_entropy, cross_entropy_backward
from algorithms.optimizers.scratch import Adam
from algorithms.transformer.scratch import (
    gpt2_initial,
    normalize,
    normalize_backward,
    sinusoidal_positions,
)


def layer_norm_3d(p, name, x):
    """LayerNorm p[name.*] over the features of x (N, T, C) (the transformer pair's normalize)."""
    return normalize("layer", p, name, x.reshape(-1, x.shape[-1])).reshape(x.shape)


def layer_norm_3d_backward(p, name, x, d_out, grads):
    """dL/dx (N, T, C) from dL/d(norm(x)); the gain's and bias's gradients into grads."""
    C = x.shape[-1]
    return normalize_backward("layer", p, name, x.reshape(-1, C), d_out.reshape(-1, C),
                              grads).reshape(x.shape)


def attention_shapes(name, C):
    return {f"{name}.in_proj_weight": (3 * C, C), f"{name}.in_proj_bias": (3 * C,),
            f"{name}.out_proj.weight": (C, C), f"{name}.out_proj.bias": (C,)}


def sublayer_shapes(C, F, n_norms):
    return {"linear1.weight": (F, C), "linear1.bias": (F,), "linear2.weight": (C, F),
            "linear2.bias": (C,), **{f"norm{k}.{part}": (C,) for k in range(1, n_norms + 1)
                                     for part in ("weight", "bias")}}


class _Layer:
    """What both kinds of layer share: multi-head attention, the feed-forward branch and the
    norm, each keeping what its backward needs (as autograd's graph would)."""

    def __init__(self, shapes, n_heads, dtype):
        self.params = {name: np.zeros(shape, dtype=dtype) for name, shape in shapes.items()}
        self.n_heads, self.saved = n_heads, {}

    def attend(self, name, queries, keys, causal):
        """nn.MultiheadAttention(queries, keys, keys): queries (N, T, C) attend to keys
        (N, S, C), the same array in self-attention, the encoder's memory in cross-attention."""
        p, H, C = self.params, self.n_heads, queries.shape[-1]
        W, b = p[f"{name}.in_proj_weight"], p[f"{name}.in_proj_bias"]     # (3C, C), (3C,)
        Q = split_heads(queries @ W[:C].T + b[:C], H)                    # (N, H, T, d)
        K = split_heads(keys @ W[C:2 * C].T + b[C:2 * C], H)             # (N, H, S, d)
        V = split_heads(keys @ W[2 * C:].T + b[2 * C:], H)
        O = merge_heads(attention(Q, K, V, None, causal))                 # (N, T, C)
        self.saved[name] = (queries, keys, Q, K, V, O, causal)
        return O @ p[f"{name}.out_proj.weight"].T + p[f"{name}.out_proj.bias"]

    def attend_backward(self, name, dY, grads):
        """(dL/dqueries, dL/dkeys) from dL/dY (N, T, C); the parameters' gradients into grads."""
        p, H = self.params, self.n_heads
        queries, keys, Q, K, V, O, causal = self.saved[name]
        C = dY.shape[-1]
        dY_rows = dY.reshape(-1, C)                                      # (N T, C)
        grads[f"{name}.out_proj.weight"] = dY_rows.T @ O.reshape(-1, C)  # Y = O W_out^T + b
        grads[f"{name}.out_proj.bias"] = dY_rows.sum(axis=0)
        dO = split_heads(dY @ p[f"{name}.out_proj.weight"], H)          # (N, H, T, d)
        dQ, dK, dV = (merge_heads(g) for g in attention_backward(
            Q, K, V, None, dO, causal))                                  # (N, T|S, C)
        rows = {"q": (dQ, queries), "k": (dK, keys), "v": (dV, keys)}
        # Q = queries W_q^T + b_q: dW_q = dQ^T queries, db_q = sum dQ; likewise K and V
        grads[f"{name}.in_proj_weight"] = np.concatenate(
            [g.reshape(-1, C).T @ x.reshape(-1, C) for g, x in rows.values()])
        grads[f"{name}.in_proj_bias"] = np.concatenate([g.sum(axis=(0, 1)) for g, _ in
                                                        rows.values()])
        W = p[f"{name}.in_proj_weight"]
        return dQ @ W[:C], dK @ W[C:2 * C] + dV @ W[2 * C:]             # both read keys

    def feedforward(self, x):
        """W2 relu(W1 x + b1) + b2 over the features of x (N, T, C)."""
        p = self.params
        hidden = x @ p["linear1.weight"].T + p["linear1.bias"]           # (N, T, F)
        self.saved["feedforward"] = (x, hidden)
        return relu(hidden) @ p["linear2.weight"].T + p["linear2.bias"]

    def feedforward_backward(self, dY, grads):
        p, (x, hidden), C = self.params, self.saved["feedforward"], dY.shape[-1]
        F = hidden.shape[-1]
        grads["linear2.weight"] = dY.reshape(-1, C).T @ relu(hidden).reshape(-1, F)
        grads["linear2.bias"] = dY.sum(axis=(0, 1))
        d_hidden = relu_backward(hidden, dY @ p["linear2.weight"])        # (N, T, F)
        grads["linear1.weight"] = d_hidden.reshape(-1, F).T @ x.reshape(-1, C)
        grads["linear1.bias"] = d_hidden.sum(axis=(0, 1))
        return d_hidden @ p["linear1.weight"]

    def norm(self, name, x):
        """LayerNorm `name` over the features of x (N, T, C) (the normalization pair)."""
        self.saved[name] = x
        return layer_norm_3d(self.params, name, x)

    def norm_backward(self, name, d_out, grads):
        """dL/dx from dL/d(norm(x)); the gain's and bias's gradients into grads."""
        return layer_norm_3d_backward(self.params, name, self.saved[name], d_out, grads)


class _EncoderLayer(_Layer):
    """nn.TransformerEncoderLayer(norm_first=True): self-attention over every position, then
    the feed-forward branch, each added to the residual stream x."""

    def __init__(self, C, H, F, dtype):
        super().__init__({**attention_shapes("self_attn", C), **sublayer_shapes(C, F, 2)}, H,
                         dtype)

    def forward(self, x):
        h = self.norm("norm1", x)
        x = x + self.attend("self_attn", h, h, causal=False)
        return x + self.feedforward(self.norm("norm2", x))

    def backward(self, dx):
        """(dL/dx into the layer, {parameter: gradient}) from dL/dx out of it. Each residual
        x + f(norm(x)) passes dx on whole and adds what flows back through f and the norm."""
        grads = {}
        dx = dx + self.norm_backward("norm2", self.feedforward_backward(dx, grads), grads)
        d_queries, d_keys = self.attend_backward("self_attn", dx, grads)
        return dx + self.norm_backward("norm1", d_queries + d_keys, grads), grads  # h is both


class _DecoderLayer(_Layer):
    """nn.TransformerDecoderLayer(norm_first=True): causal self-attention, cross-attention to
    the encoder's memory, then the feed-forward branch, each added to the residual stream h."""

    def __init__(self, C, H, F, dtype):
        super().__init__({**attention_shapes("self_attn", C),
                          **attention_shapes("multihead_attn", C), **sublayer_shapes(C, F, 3)},
                         H, dtype)

    def forward(self, h, memory):
        g = self.norm("norm1", h)
        h = h + self.attend("self_attn", g, g, causal=True)
        h = h + self.attend("multihead_attn", self.norm("norm2", h), memory, causal=False)
        return h + self.feedforward(self.norm("norm3", h))

    def backward(self, dh):
        """(dL/dh into the layer, dL/dmemory, {parameter: gradient}) from dL/dh out of it."""
        grads = {}
        dh = dh + self.norm_backward("norm3", self.feedforward_backward(dh, grads), grads)
        d_queries, d_memory = self.attend_backward("multihead_attn", dh, grads)
        dh = dh + self.norm_backward("norm2", d_queries, grads)
        d_queries, d_keys = self.attend_backward("self_attn", dh, grads)
        return dh + self.norm_backward("norm1", d_queries + d_keys, grads), d_memory, grads


class Seq2SeqTransformer:
    """Shared token embedding (+ sinusoidal positions), an encoder, a decoder, a linear head.

    Parameters
    ----------
    context_length : int, the positions T of source and target: the columns of X and y.
    vocab_size : int, the token ids V of source and target (the decoder's BOS is V).
    d_model : int, the model width C (even, a multiple of n_heads).
    n_heads : int, attention heads H.
    num_encoder_layers : int, encoder layers.
    num_decoder_layers : int, decoder layers.
    dim_feedforward : int or None, the hidden units F of each feed-forward branch; None: 4C.
    lr : float, Adam's learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, sequence pairs per step; None is full-batch.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "num_encoder_layers": Integer(low=1), "num_decoder_layers": Integer(low=1),
                       "dim_feedforward": Optional(Integer(low=1)), **TRAINING}

    def __init__(self, context_length, vocab_size=10, d_model=32, n_heads=4,
                 num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=None, lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads)
        V, C, H = vocab_size, d_model, n_heads
        F = 4 * C if dim_feedforward is None else dim_feedforward
        self.sinusoids = sinusoidal_positions(context_length, C).astype(self.dtype)
        self.encoder = [_EncoderLayer(C, H, F, self.dtype) for _ in range(num_encoder_layers)]
        self.decoder = [_DecoderLayer(C, H, F, self.dtype) for _ in range(num_decoder_layers)]
        layers = {"transformer.encoder": self.encoder, "transformer.decoder": self.decoder}
        shapes = {"embedding.weight": (V + 1, C),
                  **{f"{stack}.layers.{l}.{name}": value.shape
                     for stack, stack_layers in layers.items()
                     for l, layer in enumerate(stack_layers)
                     for name, value in layer.params.items()},
                  "transformer.encoder.norm.weight": (C,), "transformer.encoder.norm.bias": (C,),
                  "transformer.decoder.norm.weight": (C,), "transformer.decoder.norm.bias": (C,),
                  "head.weight": (V, C), "head.bias": (V,)}
        self.optimizer = Adam(gpt2_initial(shapes, seed, self.dtype), lr=lr)
        self.params = self.optimizer.params                              # Adam updates them
        for stack, stack_layers in layers.items():                       # and the layers use
            for l, layer in enumerate(stack_layers):                     # them
                layer.params = {name: self.params[f"{stack}.layers.{l}.{name}"]
                                for name in layer.params}

    def state_dict(self):
        """The parameters by nn.Module name, as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        for name, value in self.params.items():
            value[...] = state[name]

    def encode(self, X):
        """The memory (N, T, C) of the source ids X (N, T)."""
        x = self.params["embedding.weight"][X] + self.sinusoids[:X.shape[1]]
        for layer in self.encoder:
            x = layer.forward(x)
        self.encoder_out = x                                             # before the norm
        return layer_norm_3d(self.params, "transformer.encoder.norm", x)

    def decode(self, y_in, memory):
        """Logits Z (N, t, V) of the next token after each of the decoder's ids y_in (N, t)."""
        p = self.params
        h = p["embedding.weight"][y_in] + self.sinusoids[:y_in.shape[1]]
        for layer in self.decoder:
            h = layer.forward(h, memory)
        self.decoder_out = h                                             # before the norm
        self.head_in = layer_norm_3d(p, "transformer.decoder.norm", h)
        return self.head_in @ p["head.weight"].T + p["head.bias"]

    def shifted(self, y):
        """The decoder's ids: BOS (= V), then y without its last token (N, T)."""
        return np.concatenate([np.full((len(y), 1), self.vocab_size), y[:, :-1]], axis=1)

    def forward(self, X):
        """Greedy decoding: the logits (N, T, V) of each step, the decoder reading BOS and its
        own argmax tokens so far."""
        memory = self.encode(X)
        y_in = np.full((len(X), 1), self.vocab_size)
        steps = []
        for _ in range(self.context_length):
            steps.append(self.decode(y_in, memory)[:, -1])               # (N, V)
            y_in = np.concatenate([y_in, steps[-1].argmax(axis=1)[:, None]], axis=1)
        return np.stack(steps, axis=1)

    def loss(self, X, y):
        """Mean cross-entropy of the target y (N, T), the decoder reading y shifted right."""
        Z = self.decode(self.shifted(y), self.encode(X))
        return cross_entropy(Z.reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, derived by hand."""
        p, C = self.params, self.d_model
        y_in = self.shifted(y)
        memory = self.encode(X)
        Z = self.decode(y_in, memory).reshape(-1, self.vocab_size)       # (N T, V)
        loss = cross_entropy(Z, y.reshape(-1))
        dZ = cross_entropy_backward(Z, y.reshape(-1), 1.0)               # (P - Y) / (N T)
        grads = {"head.weight": dZ.T @ self.head_in.reshape(-1, C),      # Z = h W^T + b
                 "head.bias": dZ.sum(axis=0)}
        dh = layer_norm_3d_backward(p, "transformer.decoder.norm", self.decoder_out,
                                    dZ @ p["head.weight"], grads)
        d_memory = np.zeros_like(memory)
        for l, layer in reversed(list(enumerate(self.decoder))):
            dh, d_layer_memory, layer_grads = layer.backward(dh)
            d_memory += d_layer_memory                                   # memory feeds them all
            grads.update({f"transformer.decoder.layers.{l}.{k}": g for k, g in
                          layer_grads.items()})
        dx = layer_norm_3d_backward(p, "transformer.encoder.norm", self.encoder_out, d_memory,
                                    grads)
        for l, layer in reversed(list(enumerate(self.encoder))):
            dx, layer_grads = layer.backward(dx)
            grads.update({f"transformer.encoder.layers.{l}.{k}": g for k, g in
                          layer_grads.items()})
        grads["embedding.weight"] = np.zeros_like(p["embedding.weight"])
        np.add.at(grads["embedding.weight"], X, dx)                      # dE[v] = sum dx[X = v]
        np.add.at(grads["embedding.weight"], y_in, dh)                   # and dh[y_in = v]
        return loss, grads

    def step(self, X, y):
        """One Adam step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        self.optimizer.step(grads)                                       # updates self.params
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

    def predict(self, X):
        """The greedy decoding of each source sequence (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        return self.forward(X).argmax(axis=-1)
