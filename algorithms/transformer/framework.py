"""A small GPT: a causal transformer language model from PyTorch's own layers, autograd backward.

Shapes: N sequences of T token ids (X (N, T), y (N, T) the next token at every position);
vocabulary V, model width C, H heads, L blocks.

    embedding   nn.Embedding(V, C) + sinusoidal positions P (T, C), a buffer (not trained)
    block       Block: x = x + attention(norm1(x)), x = x + mlp(norm2(x)), nanoGPT's pre-norm
                block from nn.LayerNorm, nn.MultiheadAttention (a causal mask) and two
                nn.Linear with a GELU (tanh) between; its parameters carry
                nn.TransformerEncoderLayer's names, and a test checks it computes what
                nn.TransformerEncoderLayer(norm_first=True) computes; L of them
    head        nn.LayerNorm(C), then nn.Linear(C, V)
    loss        nn.CrossEntropyLoss() over the N T positions
    backward    loss.backward()
    update      torch.optim.Adam

Initialization as GPT-2: weights from N(0, 0.02^2), biases 0, layer-norm gains 1, from torch's
generator. state_dict() names are named_parameters()' own.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from algorithms._inputs import check_batches, check_tokens, check_tokens_targets, minibatches, train
from algorithms._model_checks import check_width
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms._text import sample_tokens
from algorithms._torch import to_tensor, torch_dtype


def sinusoidal_positions(T, C):
    """P (T, C): sin on the even features, cos on the odd, wavelengths 2 pi .. 10000 2 pi."""
    angle = torch.arange(T, dtype=torch.float64)[:, None] / 10000 ** (
        torch.arange(0, C, 2, dtype=torch.float64) / C)                # (T, C/2)
    P = torch.empty(T, C, dtype=torch.float64)
    P[:, 0::2], P[:, 1::2] = torch.sin(angle), torch.cos(angle)
    return P


class Block(nn.Module):
    """One pre-norm causal block, nanoGPT's shape: x = x + attention(norm1(x)), then
    x = x + mlp(norm2(x)); autograd records what the backward pass needs. Its parameters
    carry nn.TransformerEncoderLayer's names: it is that layer with norm_first=True, GELU (tanh)
    and no dropout, written out (tests/test_pair_details.py checks the two agree)."""

    def __init__(self, d_model, n_heads, dtype=np.float64):
        super().__init__()
        dtype = torch_dtype(dtype)
        self.self_attn = nn.MultiheadAttention(d_model, n_heads, batch_first=True, dtype=dtype)
        self.linear1 = nn.Linear(d_model, 4 * d_model, dtype=dtype)
        self.linear2 = nn.Linear(4 * d_model, d_model, dtype=dtype)
        self.norm1 = nn.LayerNorm(d_model, dtype=dtype)
        self.norm2 = nn.LayerNorm(d_model, dtype=dtype)

    def forward(self, x):
        """x (N, T, C) through both residual branches."""
        h = self.norm1(x)
        x = x + self.attention(h)                                      # attention branch
        x = x + self.mlp(self.norm2(x))                                # MLP branch
        return x

    def attention(self, h):
        """Causal multi-head self-attention of h (N, T, C) (nn.MultiheadAttention)."""
        T = h.shape[1]
        masked = torch.ones(T, T, dtype=torch.bool, device=h.device).triu(1)  # key s > t
        return self.self_attn(h, h, h, attn_mask=masked, need_weights=False, is_causal=True)[0]

    def mlp(self, m):
        """linear2(gelu(linear1(m))) over the features of m (N, T, C)."""
        return self.linear2(F.gelu(self.linear1(m), approximate="tanh"))


class GPT(nn.Module):
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
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "d_model": Integer(low=2), "n_heads": Integer(low=1),
                       "n_layers": Integer(low=1), **TRAINING}

    def __init__(self, context_length, vocab_size=65, d_model=32, n_heads=4, n_layers=2, lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        check_width(d_model, n_heads)
        self.device = torch.device(device)
        dtype = torch_dtype(dtype)
        self.register_buffer("positions", sinusoidal_positions(context_length, d_model).to(dtype))
        self.embedding = nn.Embedding(vocab_size, d_model, dtype=dtype)
        self.blocks = nn.ModuleList(Block(d_model, n_heads, self.dtype) for _ in range(n_layers))
        self.norm = nn.LayerNorm(d_model, dtype=dtype)
        self.head = nn.Linear(d_model, vocab_size, dtype=dtype)
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, parameter in self.named_parameters():
                if "norm" in name and name.endswith("weight"):
                    parameter.fill_(1.0)
                elif name.endswith("bias"):
                    parameter.zero_()
                else:
                    parameter.normal_(0.0, 0.02, generator=generator)
        self.to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.Adam(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by nn.Module name, as detached copies."""
        return {name: value.detach().clone() for name, value in self.named_parameters()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        with torch.no_grad():
            for name, value in self.named_parameters():
                value.copy_(to_tensor(state[name], self.device))

    def forward(self, X):
        """Logits Z (N, T, V) for token ids X (N, T); autograd records the graph."""
        T = X.shape[1]
        x = self.embedding(X) + self.positions[:T]                     # (N, T, C)
        for block in self.blocks:
            x = block(x)
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

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0):
        """prompt (1-D token ids) and n_tokens drawn after it, each from softmax(Z / t) at the
        last position, the context cropped to the last T tokens (see `sample_tokens`)."""
        def next_logits(ids):
            with torch.no_grad():
                return self(to_tensor(ids, self.device))[0, -1].cpu().numpy()

        return sample_tokens(next_logits, prompt, n_tokens, vocab_size=self.vocab_size,
                             context_length=self.context_length, temperature=temperature, seed=seed)
