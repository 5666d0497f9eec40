"""A tanh recurrent network classifying sequences, backpropagation through time by hand, NumPy.

Shapes: N sequences of T steps with D features each (a row of X holds them step after step,
X (N, T D)); H hidden units; K classes.

    input      U = X W_xh + b_xh, all steps at once    X (N, T, D), W_xh (D, H), U (N, T, H)
    recurrence h_0 = 0,  h_t = tanh(U_t + h_{t-1} W_hh + b_hh)      W_hh (H, H), h_t (N, H)
    output     Z = h_T W_hy + b_y (N, K),  P = softmax(Z)            the last state decides
    loss       L = -1/N sum_i log P_i,y_i
    backward   dL/dZ = (P - Y) / N
               dL/dW_hy = h_T^T dL/dZ,  dL/db_y = sum_i dL/dZ,  dL/dh_T = dL/dZ W_hy^T
               for t = T .. 1 (through time):
                   dL/da_t = dL/dh_t * (1 - h_t^2)                    tanh' from the output
                   dL/dU_t = dL/da_t
                   dL/dh_{t-1} = dL/da_t W_hh^T                       back one step
               dL/dW_hh = sum over t of h_{t-1}^T dL/da_t,  dL/db_hh = dL/db_xh = sum dL/dU
               dL/dW_xh = sum over n, t of x_t^T dL/dU_t
               dL/dX = dL/dU W_xh^T                                   (N, T, D)

The file opens with the layer in textbook form, rnn_layer and rnn_layer_backward, one step at a
time. The fast form that follows (checked equal to it) hoists the input projection out of the
time loop: one (N T, D) @ (D, H) product instead of T small ones, forwards and backwards; so are
the weight gradients, which sum over time.

Two bias vectors (b_xh and b_hh) as PyTorch keeps them; their sum is what acts.
Initialization: every weight and bias from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's rule, from
NumPy's generator.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._model_checks import check_sequence
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import log_softmax

# --- the idea: the recurrence, textbook form ------------------------------------------------

def rnn_layer(X, W_xh, W_hh, b_xh, b_hh):
    """The states [h_0 = 0, h_1, ..., h_T], each (N, H), of X (N, T, D), one step at a time:
    h_t = tanh(x_t W_xh + b_xh + h_{t-1} W_hh + b_hh)."""
    states = [np.zeros((X.shape[0], W_hh.shape[0]), dtype=X.dtype)]
    for t in range(X.shape[1]):
        states.append(np.tanh(X[:, t] @ W_xh + b_xh + states[-1] @ W_hh + b_hh))
    return states


def rnn_layer_backward(X, states, dH, W_xh, W_hh, input_grad=True):
    """(dL/dX (N, T, D), dL/dW_xh, dL/dW_hh, dL/db) through time, one step at a time; dH is
    the gradient reaching h_T (N, H), or every h_t (N, T, H). Both biases share dL/db.
    dL/dX is None unless input_grad."""
    dX = np.empty_like(X) if input_grad else None
    dW_xh, dW_hh = np.zeros_like(W_xh), np.zeros_like(W_hh)
    db = np.zeros(W_hh.shape[0], dtype=X.dtype)
    dh = dH[:, -1] if dH.ndim == 3 else dH                             # into h_T
    for t in range(X.shape[1], 0, -1):
        da = dh * (1 - states[t] ** 2)                                 # tanh' = 1 - h_t^2
        dW_xh += X[:, t - 1].T @ da                                    # a_t = x_t W_xh + ...
        dW_hh += states[t - 1].T @ da                                  # ... + h_{t-1} W_hh
        db += da.sum(axis=0)                                           # ... + b_xh + b_hh
        if input_grad:
            dX[:, t - 1] = da @ W_xh.T
        dh = da @ W_hh.T + (dH[:, t - 2] if dH.ndim == 3 and t > 1 else 0)  # to h_{t-1}
    return dX, dW_xh, dW_hh, db


# --- the fast form: the projections hoisted out of the loop ---------------------------------
# x_t W_xh does not depend on the state: all T of them are one (N T, D) @ (D, H) product before
# the loop, and the weight gradients, sums over time, one product each after it. The products
# are laid out time-major, (T, N, .), so that the loop reads and writes whole contiguous
# blocks, and the states go straight into one (T + 1, N, H) array.

def rnn_layer_hoisted(X, W_xh, W_hh, b_xh, b_hh):
    """rnn_layer, with U = X W_xh + b_xh taken for every step at once; the states as one
    (T + 1, N, H) array."""
    N, T, D = X.shape
    X_time = X.transpose(1, 0, 2).reshape(T * N, D)                    # (T N, D), time-major
    U = X_time @ W_xh + b_xh                                           # (T N, H)
    return recurrence(U.reshape(T, N, -1), W_hh, b_hh)                 # U (T, N, H)


def rnn_layer_hoisted_backward(X, states, dH, W_xh, W_hh, input_grad=True):
    """rnn_layer_backward, with the weight gradients summed over time after the loop."""
    N, T, D = X.shape
    dH = dH.transpose(1, 0, 2) if dH.ndim == 3 else dH                # (T, N, H): time-major
    dU, dW_hh = recurrence_backward(np.asarray(states), dH, W_hh)
    dU = dU.reshape(T * N, -1)                                         # (T N, H)
    X_time = X.transpose(1, 0, 2).reshape(T * N, D)                    # (T N, D)
    dX = ((dU @ W_xh.T).reshape(T, N, D).transpose(1, 0, 2)           # dL/dX = dU W_xh^T
          if input_grad else None)
    return dX, X_time.T @ dU, dW_hh, dU.sum(axis=0)                    # X^T dU, sum dU


def recurrence(U, W_hh, b_hh):
    """The states h_0 = 0, h_1, ..., h_T (T + 1, N, H) of h_t = tanh(U_t + h_{t-1} W_hh + b_hh),
    from the projected inputs U (T, N, H), time-major."""
    T, N = U.shape[:2]
    states = np.zeros((T + 1, N, W_hh.shape[0]), dtype=U.dtype)        # h_0 = 0
    for t in range(T):
        states[t + 1] = np.tanh(U[t] + states[t] @ W_hh + b_hh)
    return states


def recurrence_backward(states, dH, W_hh):
    """dL/dU (T, N, H) time-major and dL/dW_hh, given dH: the gradient that reaches the states
    from outside the recurrence, (N, H) into h_T alone (a classifier reads the last state) or
    (T, N, H) into every h_t, time-major (a language model reads them all)."""
    T, N, H = states.shape[0] - 1, *states.shape[1:]
    every_step = dH.ndim == 3
    dU = np.empty((T, N, H), dtype=dH.dtype)
    dh = dH[-1] if every_step else dH                                  # into h_T
    for t in range(T, 0, -1):                                          # through time
        da = dh * (1 - states[t] ** 2)                                 # tanh' = 1 - h_t^2
        dU[t - 1] = da                                                 # dL/dU_t = dL/da_t
        dh = da @ W_hh.T                                               # dL/dh_{t-1}
        if every_step and t > 1:
            dh += dH[t - 2]                                            # and from the head
    dU_rows = dU.reshape(T * N, H)                                     # (T N, H)
    previous = states[:-1].reshape(T * N, H)                           # h_{t-1} (T N, H)
    # the weight gradient sums over time: one product after the loop, not T
    return dU, previous.T @ dU_rows                                    # sum_t h_{t-1}^T da_t


class RNN:
    """One tanh recurrent layer read over the sequence, then a linear layer on the last state.

    Parameters
    ----------
    n_features : int, the columns of X: T steps of D features.
    seq_len : int, the number of steps T.
    hidden : int, the hidden units H.
    n_classes : int, the number of classes K (labels are 0..K-1).
    lr : float, the learning rate.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights and the mini-batch order that `fit` draws.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "seq_len": Integer(low=1),
                       "hidden": Integer(low=1), "n_classes": Integer(low=2), **TRAINING}

    def __init__(self, n_features, seq_len=8, hidden=32, n_classes=10, lr=0.1, epochs=10,
                 batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        self.seq_len, self.step_features = check_sequence(n_features, seq_len)
        rng = np.random.default_rng(seed)
        bound = 1 / np.sqrt(hidden)
        shapes = {"W_xh": (self.step_features, hidden), "W_hh": (hidden, hidden),
                  "b_xh": (hidden,), "b_hh": (hidden,), "W_hy": (hidden, n_classes),
                  "b_y": (n_classes,)}
        self.params = {name: rng.uniform(-bound, bound, shape).astype(self.dtype)
                       for name, shape in shapes.items()}

    def state_dict(self):
        """The parameters by name (W_xh, W_hh, b_xh, b_hh, W_hy, b_y), as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        self.params = {name: np.array(state[name], dtype=self.dtype) for name in self.params}

    def forward(self, X):
        """Logits Z (N, K) for X (N, T D)."""
        return self._forward(X)[1]

    def _forward(self, X):
        """(states [h_0, h_1, ..., h_T], each (N, H), and the logits Z (N, K))."""
        p = self.params
        steps = X.reshape(len(X), self.seq_len, -1)                   # (N, T, D)
        states = rnn_layer_hoisted(steps, p["W_xh"], p["W_hh"], p["b_xh"], p["b_hh"])
        return states, states[-1] @ p["W_hy"] + p["b_y"]

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        log_P = log_softmax(self.forward(X))                           # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        p = self.params
        N = len(X)
        states, Z = self._forward(X)
        log_P = log_softmax(Z)                                         # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                             # P
        dZ[np.arange(N), y] -= 1                                       # P - Y
        dZ /= N                                                        # dL/dZ = (P - Y) / N
        grads = {"W_hy": states[-1].T @ dZ,                            # dL/dW_hy = h_T^T dZ
                 "b_y": dZ.sum(axis=0)}                                # dL/db_y = sum_i dZ
        dh = dZ @ p["W_hy"].T                                          # only h_T feeds Z
        dX, grads["W_xh"], grads["W_hh"], grads["b_xh"] = rnn_layer_hoisted_backward(
            X.reshape(N, self.seq_len, -1), states, dh, p["W_xh"], p["W_hh"], input_grad)
        grads["b_hh"] = grads["b_xh"].copy()                           # the same da acts
        if input_grad:
            grads["X"] = dX.reshape(N, -1)                             # dL/dX (N, T D)
        return loss, grads

    def step(self, X, y):
        """One SGD step on the batch (X, y); returns the loss before the step."""
        loss, grads = self.gradients(X, y)
        for name in self.params:
            self.params[name] -= self.lr * grads[name]                 # p <- p - lr dL/dp
        return loss

    def fit(self, X, y, batches=None):
        """Train on (X, y): one step per index array in `batches` (default: drawn from seed)."""
        X, y = check_X_y(X, y, dtype=self.dtype, n_features=self.n_features,
                         classes=self.n_classes)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, y, batches)
        return self

    def predict_proba(self, X):
        """Class probabilities P (N, K) for X (N, T D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.forward(X).argmax(axis=1)
