"""The encoder-decoder transformer (Vaswani et al., 2017) with nn.Transformer, autograd backward.

Shapes: N pairs of sequences, a source X (N, T) and a target y (N, T), token ids below the
vocabulary V; the decoder reads BOS = V and then y shifted right, and predicts y. Model width
C, H heads, F hidden units in each feed-forward branch.

    embedding   nn.Embedding(V + 1, C) + sinusoidal positions P (T, C), a buffer (not trained)
    encoder     nn.Transformer(norm_first=True)'s encoder: nn.TransformerEncoderLayer, pre-norm
                (x = x + sublayer(norm(x))), then a final nn.LayerNorm; dropout 0
    decoder     its decoder: nn.TransformerDecoderLayer, causal self-attention (tgt_mask, the
                square subsequent mask), cross-attention to the memory, feed-forward, then a
                final nn.LayerNorm
    head        nn.Linear(C, V)
    loss        nn.CrossEntropyLoss() over the N T positions      (teacher forcing)
    backward    loss.backward()
    update      torch.optim.Adam
    decoding    forward(X): greedy, one token at a time, the logits of each step (N, T, V)

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, norm gains 1, from torch's
generator. state_dict() names are named_parameters()' own.
"""

import numpy as np
import torch
from torch import nn

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
from algorithms._torch import to_tensor, torch_dtype
from algorithms.transformer.framework import gpt2_initialize_, sinusoidal_positions


class Seq2SeqTransformer(nn.Module):
    """Shared token embedding (+ sinusoidal positions), nn.Transformer, a linear head.

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
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "num_encoder_layers": Integer(low=1), "num_decoder_layers": Integer(low=1),
                       "dim_feedforward": Optional(Integer(low=1)), **TRAINING}

    def __init__(self, context_length, vocab_size=10, d_model=32, n_heads=4,
                 num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=None, lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads)
        self.device = torch.device(device)
        dtype = torch_dtype(dtype)
        V, C = vocab_size, d_model
        F = 4 * C if dim_feedforward is None else dim_feedforward
        self.register_buffer("sinusoids", sinusoidal_positions(context_length, C).to(dtype))
        self.embedding = nn.Embedding(V + 1, C, dtype=dtype)
        layers = {"dropout": 0.0, "batch_first": True, "norm_first": True, "dtype": dtype}
        # built here only to pass enable_nested_tensor=False: nn.Transformer's own encoder
        # would warn that its padded-batch fast path cannot run a pre-norm layer
        encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(C, n_heads, F, **layers),
                                        num_encoder_layers, nn.LayerNorm(C, dtype=dtype),
                                        enable_nested_tensor=False)
        self.transformer = nn.Transformer(C, n_heads, num_encoder_layers, num_decoder_layers,
                                          F, custom_encoder=encoder, **layers)
        self.head = nn.Linear(C, V, dtype=dtype)
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

    def encode(self, X):
        """The memory (N, T, C) of the source ids X (N, T)."""
        x = self.embedding(X) + self.sinusoids[:X.shape[1]]
        return self.transformer.encoder(x)                               # the final norm too

    def decode(self, y_in, memory):
        """Logits Z (N, t, V) of the next token after each of the decoder's ids y_in (N, t)."""
        t = y_in.shape[1]
        h = self.embedding(y_in) + self.sinusoids[:t]
        causal = nn.Transformer.generate_square_subsequent_mask(         # -inf above the
            t, device=h.device, dtype=h.dtype)                           # diagonal (t, t)
        h = self.transformer.decoder(h, memory, tgt_mask=causal, tgt_is_causal=True)
        return self.head(h)

    def shifted(self, y):
        """The decoder's ids: BOS (= V), then y without its last token (N, T)."""
        bos = torch.full((len(y), 1), self.vocab_size, device=y.device, dtype=y.dtype)
        return torch.cat([bos, y[:, :-1]], dim=1)

    def forward(self, X):
        """Greedy decoding: the logits (N, T, V) of each step, the decoder reading BOS and its
        own argmax tokens so far."""
        memory = self.encode(X)
        y_in = torch.full((len(X), 1), self.vocab_size, device=X.device, dtype=X.dtype)
        steps = []
        for _ in range(self.context_length):
            steps.append(self.decode(y_in, memory)[:, -1])               # (N, V)
            y_in = torch.cat([y_in, steps[-1].argmax(dim=1, keepdim=True)], dim=1)
        return torch.stack(steps, dim=1)

    def loss(self, X, y):
        """Mean cross-entropy of the target y (N, T), the decoder reading y shifted right."""
        Z = self.decode(self.shifted(y), self.encode(X))
        return self.loss_fn(Z.reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, by autograd."""
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                                  # autograd
        return loss.detach(), {name: value.grad for name, value in self.named_parameters()}

    def step(self, X, y):
        """One Adam step on the batch (X, y); returns the loss before the step."""
        loss, _ = self.gradients(X, y)                                   # fills p.grad
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

    def predict(self, X):
        """The greedy decoding of each source sequence (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=-1).cpu().numpy()
