"""A character-level language model: a recurrent cell (tanh RNN, LSTM or GRU) reads one
character per step and predicts the next at every step, backpropagation through time by hand,
NumPy.

Shapes: N sequences of T character ids (X (N, T), y (N, T) the next character at every step);
vocabulary V, H hidden units; G gates per cell: 1 for the RNN, 4 for the LSTM (i, f, g, o),
3 for the GRU (r, z, n).

    input      U_t = onehot(x_t) W_xh + b_xh = W_xh[x_t] + b_xh     W_xh (V, G H), U (N, T, G H)
               (a one-hot row times a matrix picks a row: the product is a lookup)
    recurrence h_1 .. h_T from U by the cell's own pair: the rnn, lstm or gru pair's
               `recurrence`, the loop their layers run after projecting their inputs
               (W_hh (H, G H), b_hh (G H,))
    output     Z_t = h_t W_hy + b_y, every step                     Z (N, T, V)
    loss       L = mean over the N T steps of -log softmax(Z_t)_{y_t}
    backward   dZ = (softmax(Z) - onehot(y)) / (N T)                 (losses pair)
               dW_hy = sum over n, t of h_t^T dZ_t,  db_y = sum dZ
               dH_t = dZ_t W_hy^T reaches every state from the head; through time by the
               cell's pair (`recurrence_backward`), each h_t also passing its gradient back
               to h_{t-1}: dL/dU, dL/dW_hh and dL/db_hh
               db_xh = sum dU;  dW_xh[v] = sum of dU_t over the steps where x_t = v  (a
               lookup's gradient scatters back)
    update     Adam (optimizers pair)

Initialization: every weight and bias from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's rule for
nn.RNN, nn.LSTM, nn.GRU and nn.Linear(H, V), from NumPy's generator.
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
from algorithms._params import TRAINING, Integer, Options, set_hyperparameters
from algorithms._text import sample_tokens
from algorithms.activations.scratch import log_softmax
from algorithms.gru.scratch import recurrence as gru_recurrence
from algorithms.gru.scratch import recurrence_backward as gru_recurrence_backward
from algorithms.losses.scratch import cross_entropy, cross_entropy_backward
from algorithms.lstm.scratch import recurrence as lstm_recurrence
from algorithms.lstm.scratch import recurrence_backward as lstm_recurrence_backward
from algorithms.optimizers.scratch import Adam
from algorithms.rnn.scratch import recurrence as rnn_recurrence
from algorithms.rnn.scratch import recurrence_backward as rnn_recurrence_backward

# Each cell through its own pair's recurrence, in one shape: run(U, W_hh, b_hh) -> (what the
# backward pass needs, the states h_1..h_T (N, T, H)); backward(memory, dH, W_hh) -> (dL/dU,
# dL/dW_hh, dL/db_hh) from dH (N, T, H), the gradient reaching every state.


def rnn_run(U, W_hh, b_hh):
    states = rnn_recurrence(U.transpose(1, 0, 2), W_hh, b_hh)        # time-major, h_0..h_T
    return states, states[1:].transpose(1, 0, 2)                      # h_1..h_T (N, T, H)


def rnn_backward(states, dH, W_hh):
    dU, dW_hh = rnn_recurrence_backward(states, dH.transpose(1, 0, 2), W_hh)
    return dU.transpose(1, 0, 2), dW_hh, dU.sum(axis=(0, 1))          # b_hh acts as b_xh does


def lstm_run(U, W_hh, b_hh):
    steps, h_last = lstm_recurrence(U, W_hh, b_hh)                    # steps hold h_{t-1}
    return steps, np.stack([step[0] for step in steps[1:]] + [h_last], axis=1)


def lstm_backward(steps, dH, W_hh):
    dA, dW_hh = lstm_recurrence_backward(steps, dH, W_hh)
    return dA, dW_hh, dA.sum(axis=(0, 1))                             # b_hh acts as b_xh does


def gru_run(U, W_hh, b_hh):
    steps, states = gru_recurrence(U.transpose(1, 0, 2), W_hh, b_hh)  # time-major
    return steps, states[1:].transpose(1, 0, 2)                       # h_1..h_T (N, T, H)


def gru_backward(steps, dH, W_hh):
    dU, dW_hh, db_hh = gru_recurrence_backward(steps, dH.transpose(1, 0, 2), W_hh)
    return dU.transpose(1, 0, 2), dW_hh, db_hh                        # (N, T, 3H)


CELLS = {"rnn": (1, rnn_run, rnn_backward), "lstm": (4, lstm_run, lstm_backward),
         "gru": (3, gru_run, gru_backward)}


class CharRNN:
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
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"context_length": Integer(low=1), "vocab_size": Integer(low=2),
                       "hidden": Integer(low=1), "cell": Options(*CELLS), **TRAINING}

    def __init__(self, context_length, vocab_size=65, hidden=64, cell="rnn", lr=1e-3,
                 epochs=10, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        gates, self._run, self._backward = CELLS[cell]
        rng = np.random.default_rng(seed)
        bound = 1 / np.sqrt(hidden)
        width = gates * hidden                                         # G H
        shapes = {"W_xh": (vocab_size, width), "W_hh": (hidden, width), "b_xh": (width,),
                  "b_hh": (width,), "W_hy": (hidden, vocab_size), "b_y": (vocab_size,)}
        self.optimizer = Adam({name: rng.uniform(-bound, bound, shape).astype(self.dtype)
                               for name, shape in shapes.items()}, lr=lr)
        self.params = self.optimizer.params                            # Adam updates them

    def state_dict(self):
        """The parameters by name (W_xh, W_hh, b_xh, b_hh, W_hy, b_y), as copies; a gated
        cell's W_xh, W_hh, b_xh and b_hh hold its gates side by side, in PyTorch's order."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name, in place: Adam keeps its moments, as torch's does."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        for name, value in self.params.items():
            value[...] = state[name]

    def forward(self, X):
        """Logits Z (N, T, V) for character ids X (N, T)."""
        return self._forward(X)[2]

    def _forward(self, X):
        """(what the cell's backward needs, h_1..h_T (N, T, H), the logits Z (N, T, V))."""
        p = self.params
        U = p["W_xh"][X] + p["b_xh"]                                   # (N, T, G H): lookups
        memory, H = self._run(U, p["W_hh"], p["b_hh"])
        return memory, H, H @ p["W_hy"] + p["b_y"]

    def loss(self, X, y):
        """Mean cross-entropy of the next characters y (N, T) over every step."""
        return cross_entropy(self.forward(X).reshape(-1, self.vocab_size), y.reshape(-1))

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter, derived by hand."""
        p = self.params
        N, T = X.shape
        memory, H, Z = self._forward(X)
        Z, targets = Z.reshape(N * T, -1), y.reshape(-1)              # (N T, V), (N T,)
        loss = cross_entropy(Z, targets)
        dZ = cross_entropy_backward(Z, targets, 1.0)                   # (P - Y) / (N T)
        H = H.reshape(N * T, -1)                                       # h_1..h_T (N T, H)
        grads = {"W_hy": H.T @ dZ, "b_y": dZ.sum(axis=0)}              # Z = h W_hy + b_y
        dH = (dZ @ p["W_hy"].T).reshape(N, T, -1)                      # into every h_t
        dU, grads["W_hh"], grads["b_hh"] = self._backward(memory, dH, p["W_hh"])
        grads["b_xh"] = dU.sum(axis=(0, 1))                            # dL/db_xh = sum dU
        grads["W_xh"] = np.zeros_like(p["W_xh"])
        np.add.at(grads["W_xh"], X, dU)                                # dW_xh[v] = sum dU[X = v]
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
        """Next-character probabilities (N, T, V) at every step, as a NumPy array."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """The most probable next character at every step (N, T)."""
        X = check_tokens(X, vocab_size=self.vocab_size, n_positions=self.context_length)
        return self.forward(X).argmax(axis=-1)

    def generate(self, prompt, n_tokens, temperature=1.0, seed=0):
        """prompt (1-D ids) and n_tokens drawn after it, each from softmax(Z / t) at the last
        step, reading the last T characters (see `sample_tokens`)."""
        return sample_tokens(lambda ids: self.forward(ids)[0, -1], prompt, n_tokens,
                             vocab_size=self.vocab_size, context_length=self.context_length,
                             temperature=temperature, seed=seed)
