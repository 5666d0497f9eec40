"""A character-level language model: a recurrent cell (tanh RNN, LSTM or GRU) reads one
character per step and predicts the next at every step, in PyTorch.

Shapes: N sequences of T character ids (X (N, T), y (N, T) the next character at every step);
vocabulary V, H hidden units; G gates per cell (1, 4, 3).

    input      F.one_hot(X, V): each character as a one-hot vector  (N, T, V)
    recurrence nn.RNN(V, H, nonlinearity="tanh"), nn.LSTM(V, H) or nn.GRU(V, H), batch_first:
               h_1 .. h_T; weight_ih_l0 = W_xh^T (G H, V), its gates in torch's order
    output     nn.Linear(H, V) on every state                        (N, T, V)
    loss       nn.CrossEntropyLoss() over the N T steps
    backward   loss.backward()                                       autograd unrolls time
    update     torch.optim.Adam

Initialization: nn.init.uniform_(-1/sqrt(H), 1/sqrt(H)) for every weight and bias (the rule
of nn.RNN, nn.LSTM and nn.GRU), from
torch's generator. The parameters are exposed under the scratch names (W_xh, W_hh, b_xh, b_hh,
W_hy, b_y) so that the two sides compare key by key.
"""

import math

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
from algorithms._params import TRAINING, Integer, Options, set_hyperparameters
from algorithms._text import sample_tokens
from algorithms._torch import to_tensor, torch_dtype

LAYERS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}            # one per cell


class CharRNN(nn.Module):
    """A recurrent cell over one-hot characters, a linear head on every state.

    Parameters
    ----------
    context_length : int, the steps T of each training sequence: the columns of X.
    vocab_size : int, the number of characters V.
    hidden : int, the hidden units H.
    cell : "rnn" (tanh), "lstm" or "gru", the recurrence.
    lr : float, Adam's learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, sequences per step; None is full-batch.
    seed : int, seeds the initial weights (torch's generator) and the mini-batch order.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "hidden": Integer(low=1), "cell": Options(*LAYERS), **TRAINING}

    def __init__(self, context_length, vocab_size=65, hidden=64, cell="rnn", lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        self.rnn = LAYERS[cell](vocab_size, hidden, batch_first=True, dtype=torch_dtype(dtype))
        self.head = nn.Linear(hidden, vocab_size, dtype=torch_dtype(dtype))
        generator = torch.Generator().manual_seed(seed)
        bound = 1 / math.sqrt(hidden)
        for parameter in self.parameters():
            nn.init.uniform_(parameter, -bound, bound, generator=generator)
        self.to(device)
        self.loss_fn = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.Adam(self.parameters(), lr=lr)

    def _named(self):
        """Scratch name -> (tensor, whether it is stored transposed)."""
        return {"W_xh": (self.rnn.weight_ih_l0, True), "W_hh": (self.rnn.weight_hh_l0, True),
                "b_xh": (self.rnn.bias_ih_l0, False), "b_hh": (self.rnn.bias_hh_l0, False),
                "W_hy": (self.head.weight, True), "b_y": (self.head.bias, False)}

    def state_dict(self):
        """The parameters by name (W_xh, W_hh, b_xh, b_hh, W_hy, b_y), as detached copies; a
        gated cell's W_xh, W_hh, b_xh and b_hh hold its gates side by side, in torch's order."""
        return {name: (value.detach().T if transposed else value.detach()).clone()
                for name, (value, transposed) in self._named().items()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for name, (value, transposed) in self._named().items():
                given = to_tensor(state[name], self.device)
                value.copy_(given.T if transposed else given)

    def forward(self, X):
        """Logits Z (N, T, V) for character ids X (N, T)."""
        one_hot = F.one_hot(X, self.vocab_size).to(self.rnn.weight_ih_l0.dtype)  # (N, T, V)
        states, _ = self.rnn(one_hot)                                  # h_1..h_T (N, T, H)
        return self.head(states)                                       # (N, T, V)

    def loss(self, X, y):
        """Mean cross-entropy of the next characters y (N, T) over every step."""
        return self.loss_fn(self(X).reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, by autograd."""
        self.optimizer.zero_grad()
        loss = self.loss(X, y)
        loss.backward()                                                # autograd: BPTT
        return loss.detach(), {name: value.grad.T if transposed else value.grad
                               for name, (value, transposed) in self._named().items()}

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
        """Next-character probabilities (N, T, V) at every step, as a NumPy array."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        with torch.no_grad():
            return torch.softmax(self(to_tensor(X, self.device)), dim=-1).cpu().numpy()

    def predict(self, X):
        """The most probable next character at every step (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        with torch.no_grad():
            return self(to_tensor(X, self.device)).argmax(dim=-1).cpu().numpy()

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0):
        """prompt (1-D ids) and n_tokens drawn after it, each from softmax(Z / t) at the last
        step, reading the last T characters (see `sample_tokens`)."""
        def next_logits(ids):
            with torch.no_grad():
                return self(to_tensor(ids, self.device))[0, -1].cpu().numpy()

        return sample_tokens(next_logits, prompt, n_tokens, vocab_size=self.vocab_size,
                             context_length=self.context_length, temperature=temperature, seed=seed)
