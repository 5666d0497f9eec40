"""An LSTM classifying sequences, backpropagation through time by hand, NumPy.

Shapes: N sequences of T steps with D features each (a row of X holds them step after step,
X (N, T D)); H hidden units; K classes. The four gates sit side by side in one (., 4H) block
in PyTorch's order i, f, g, o.

    input      U = X W_x + b_x, all steps at once     W_x (D, 4H), U (N, T, 4H)
    gates      A_t = U_t + h_{t-1} W_h + b_h            W_h (H, 4H), A_t (N, 4H)
               i = sigmoid(A_i), f = sigmoid(A_f), g = tanh(A_g), o = sigmoid(A_o)
    cell       c_t = f c_{t-1} + i g,  h_t = o tanh(c_t)                  h_0 = c_0 = 0
    output     Z = h_T W_hy + b_y (N, K),  P = softmax(Z)
    loss       L = -1/N sum_i log P_i,y_i
    backward   dL/dZ = (P - Y) / N,  dL/dh_T = dL/dZ W_hy^T,  dL/dc_T = 0 from above
               for t = T .. 1:
                   dc = dL/dc_t + dL/dh_t o (1 - tanh(c_t)^2)          both paths into c_t
                   do = dL/dh_t tanh(c_t),  di = dc g,  dg = dc i,  df = dc c_{t-1}
                   dA = [di i (1 - i), df f (1 - f), dg (1 - g^2), do o (1 - o)]
                   dL/dc_{t-1} = dc f,  dL/dh_{t-1} = dA W_h^T
               dL/dW_h = sum_t h_{t-1}^T dA_t,  dL/dW_x = sum_t x_t^T dA_t,
               dL/db_h = dL/db_x = sum dA,  dL/dX = dA W_x^T

The file opens with the cell and the layer in textbook form, lstm_layer and
lstm_layer_backward, one step at a time. The fast form that follows (checked equal to it)
hoists the input projection and the time-summed weight gradients out of the loop, and runs the
loop feature-major and in place (U held as (T, 4H, N)), each gate a contiguous block of rows.

Two bias vectors as PyTorch keeps them; their sum is what acts. Initialization: every weight
and bias from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's rule, from NumPy's generator.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._model_checks import check_sequence
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import log_softmax, sigmoid
from algorithms.gru.scratch import sigmoid_in_place

# --- the idea: the cell, and the layer one step at a time ---------------------------------

def cell(A, c):
    """The gates i, f, g, o of the pre-activations A (N, 4H), in PyTorch's order, and the
    cell: (i, f, g, o, c_t, tanh c_t) from c_{t-1}."""
    H = A.shape[1] // 4
    i, f = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])
    g, o = np.tanh(A[:, 2 * H:3 * H]), sigmoid(A[:, 3 * H:])
    c_new = f * c + i * g                                              # c_t = f c + i g
    return i, f, g, o, c_new, np.tanh(c_new)


def cell_backward(step, dh, dc_next):
    """(dL/dA_t (N, 4H), dL/dc_{t-1}) from dL/dh_t and dL/dc_t from the step after."""
    _, c_prev, i, f, g, o, tanh_c = step
    dc = dc_next + dh * o * (1 - tanh_c**2)                            # both paths into c_t
    dA = np.concatenate([dc * g * i * (1 - i),                         # di sigmoid'
                         dc * c_prev * f * (1 - f),                    # df sigmoid'
                         dc * i * (1 - g**2),                          # dg tanh'
                         dh * tanh_c * o * (1 - o)], axis=1)           # do sigmoid'
    return dA, dc * f                                                  # dL/dc_{t-1} = dc f


def lstm_layer(X, W_x, W_h, b_x, b_h):
    """(steps [(h_{t-1}, c_{t-1}, i, f, g, o, tanh c_t)], h_T) over X (N, T, D), one step at a
    time: A_t = x_t W_x + b_x + h_{t-1} W_h + b_h, then the cell; h_t = o tanh(c_t)."""
    h = c = np.zeros((X.shape[0], W_h.shape[0]), dtype=X.dtype)         # h_0 = c_0 = 0
    steps = []
    for t in range(X.shape[1]):
        i, f, g, o, c_new, tanh_c = cell(X[:, t] @ W_x + b_x + h @ W_h + b_h, c)
        steps.append((h, c, i, f, g, o, tanh_c))
        h, c = o * tanh_c, c_new
    return steps, h


def lstm_layer_backward(X, steps, dh, W_x, W_h, input_grad=True):
    """(dL/dX (N, T, D), dL/dW_x, dL/dW_h, dL/db) through time from dh = dL/dh_T, one step at a
    time; both biases share dL/db. dL/dX is None unless input_grad."""
    dX = np.empty_like(X) if input_grad else None
    dW_x, dW_h = np.zeros_like(W_x), np.zeros_like(W_h)
    db, dc_next = np.zeros(W_h.shape[1], dtype=X.dtype), np.zeros_like(dh)
    for t in range(X.shape[1] - 1, -1, -1):
        dA, dc_next = cell_backward(steps[t], dh, dc_next)
        dW_x += X[:, t].T @ dA                                         # A_t = x_t W_x + ...
        dW_h += steps[t][0].T @ dA                                     # ... + h_{t-1} W_h
        db += dA.sum(axis=0)
        if input_grad:
            dX[:, t] = dA @ W_x.T
        dh = dA @ W_h.T                                                # dL/dh_{t-1}
    return dX, dW_x, dW_h, db


# --- the fast form: hoisted, feature-major, in place ---------------------------------------
# The GRU's fast form, for four gates (algorithms/gru/scratch.py says why each change pays):
#   - x_t W_x does not depend on the state: the T products are taken before the loop, and the
#     input-side gradients, sums over time, after it.
#   - The loop runs feature-major, on (features, N) arrays, so that each gate is a contiguous
#     block of rows; W_h^T (4H, H) is nn.LSTM's weight_hh_l0.
#   - The loop writes into arrays made once for the whole pass (out=, *=).
# The functions take and return the textbook form's shapes, batch-major (N, T, .), as
# transposed views of the feature-major arrays, so that either form's steps feed either form's
# backward pass. The steps share memory: h_t and c_t are h_{t-1} and c_{t-1} of step t + 1.

def recurrence(U, W_h, b_h):
    """(steps, h_T) of the LSTM over the projected inputs U (N, T, 4H): the loop of
    lstm_layer_hoisted (char_lm looks its U up instead). steps[t] = (h_{t-1}, c_{t-1}, i, f,
    g, o, tanh c_t), each (N, H). Inside, the loop runs on the (T, ., N) transposes."""
    N, T = U.shape[:2]
    H = W_h.shape[0]
    dtype = np.result_type(U, W_h, b_h)
    U = np.ascontiguousarray(U.transpose(1, 2, 0), dtype=dtype)        # (T, 4H, N)
    h = np.zeros((T + 1, H, N), dtype=dtype)                           # h_0^T = 0, ..., h_T^T
    c = np.zeros((T + 1, H, N), dtype=dtype)                           # c_0^T = 0, ..., c_T^T
    gates = np.empty((T, 4 * H, N), dtype=dtype)                       # i, f, g, o by rows
    tanh_c = np.empty((T, H, N), dtype=dtype)                          # tanh c_t^T
    work = np.empty((H, N), dtype=dtype)
    for t in range(T):
        A = gates[t]
        np.matmul(W_h.T, h[t], out=A)                                  # W_h^T h_{t-1}^T
        A += U[t]
        A += b_h[:, None]                                              # A_t^T
        sigmoid_in_place(A[:2 * H])                                    # i, f
        np.tanh(A[2 * H:3 * H], out=A[2 * H:3 * H])                    # g
        sigmoid_in_place(A[3 * H:])                                    # o
        i, f, g, o = A[:H], A[H:2 * H], A[2 * H:3 * H], A[3 * H:]
        np.multiply(f, c[t], out=c[t + 1])
        np.multiply(i, g, out=work)
        c[t + 1] += work                                               # c_t = f c + i g
        np.tanh(c[t + 1], out=tanh_c[t])
        np.multiply(o, tanh_c[t], out=h[t + 1])                        # h_t = o tanh(c_t)
    steps = [(h[t].T, c[t].T, *(gates[t, k * H:(k + 1) * H].T for k in range(4)), tanh_c[t].T)
             for t in range(T)]                                        # each (N, H), a view
    return steps, h[T].T


def recurrence_backward(steps, dH, W_h):
    """dL/dA (N, T, 4H), the pre-activations' gradient (dL/dU, and dL/db summed), and dL/dW_h,
    given dH: the gradient reaching h_T (N, H), or every h_t (N, T, H) (a language model).
    Inside, the loop runs on the (T, ., N) transposes."""
    N, T = dH.shape[0], len(steps)
    H = W_h.shape[0]
    every_step = dH.ndim == 3
    dtype = np.result_type(dH, W_h, *steps[0])
    dH = np.ascontiguousarray(dH.transpose(1, 2, 0) if every_step else dH.T, dtype=dtype)
    dh = dH[-1] if every_step else dH                                  # into h_T; only read
    dA = np.empty((T, 4 * H, N), dtype=dtype)                          # dL/dA_t^T
    dc = np.zeros((H, N), dtype=dtype)                                 # dL/dc_T = 0 from above
    work = np.empty((H, N), dtype=dtype)
    for t in range(T - 1, -1, -1):                                     # through time
        _, c_prev, i, f, g, o, tanh_c = (array.T for array in steps[t])  # each (H, N)
        dA_i, dA_f, dA_g, dA_o = (dA[t, k * H:(k + 1) * H] for k in range(4))
        np.square(tanh_c, out=work)
        np.subtract(1, work, out=work)
        work *= o
        work *= dh
        dc += work                                                     # dc += dh o tanh'(c_t)
        np.multiply(dh, tanh_c, out=dA_o)                              # do = dh tanh(c_t)
        dA_o *= o
        np.subtract(1, o, out=work)
        dA_o *= work                                                   # do sigmoid'
        np.multiply(dc, g, out=dA_i)                                   # di = dc g
        dA_i *= i
        np.subtract(1, i, out=work)
        dA_i *= work                                                   # di sigmoid'
        np.multiply(dc, c_prev, out=dA_f)                              # df = dc c_{t-1}
        dA_f *= f
        np.subtract(1, f, out=work)
        dA_f *= work                                                   # df sigmoid'
        np.multiply(dc, i, out=dA_g)                                   # dg = dc i
        np.square(g, out=work)
        np.subtract(1, work, out=work)
        dA_g *= work                                                   # dg tanh'
        dc *= f                                                        # dL/dc_{t-1} = dc f
        dh = W_h @ dA[t]                                               # dL/dh_{t-1}^T (H, N)
        if every_step and t > 0:
            dh += dH[t - 1]                                            # and from the head
    dW_h = sum(step[0].T @ dA[t].T for t, step in enumerate(steps))    # sum_t h_{t-1}^T dA_t
    return dA.transpose(2, 0, 1), dW_h                                 # dA (N, T, 4H), a view


def lstm_layer_hoisted(X, W_x, W_h, b_x, b_h):
    """lstm_layer, with U = X W_x + b_x taken for every step at once."""
    U = np.matmul(W_x.T, X.transpose(1, 2, 0),                        # (T, 4H, N): W_x^T x_t^T
                  dtype=np.result_type(X, W_x, b_x))
    U += b_x[:, None]
    U = U.transpose(2, 0, 1)                                           # (N, T, 4H): a view,
    return recurrence(U, W_h, b_h)                                     # undone without a copy


def lstm_layer_hoisted_backward(X, steps, dh, W_x, W_h, input_grad=True):
    """lstm_layer_backward, with the weight gradients summed over time after the loop."""
    dA, dW_h = recurrence_backward(steps, dh, W_h)
    dA = dA.transpose(1, 2, 0)                                         # (T, 4H, N)
    X_time = X.transpose(1, 0, 2)                                      # (T, N, D), a view
    dW_x = np.matmul(dA, X_time).sum(axis=0).T                         # sum_t x_t^T dA_t (D, 4H)
    db = dA.sum(axis=(0, 2))                                           # summed over t and N (4H,)
    dX = np.matmul(W_x, dA).transpose(2, 0, 1) if input_grad else None  # dA W_x^T (N, T, D)
    return dX, dW_x, dW_h, db


class LSTM:
    """One LSTM layer read over the sequence, then a linear layer on the last hidden state.

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
        shapes = {"W_x": (self.step_features, 4 * hidden), "W_h": (hidden, 4 * hidden),
                  "b_x": (4 * hidden,), "b_h": (4 * hidden,), "W_hy": (hidden, n_classes),
                  "b_y": (n_classes,)}
        self.params = {name: rng.uniform(-bound, bound, shape).astype(self.dtype)
                       for name, shape in shapes.items()}

    def state_dict(self):
        """The parameters by name (W_x, W_h, b_x, b_h, W_hy, b_y), as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        self.params = {name: np.array(state[name], dtype=self.dtype) for name in self.params}

    def _forward(self, X):
        """(per step (h_{t-1}, c_{t-1}, i, f, g, o, tanh c_t), the last h, the logits Z)."""
        p = self.params
        steps, h = lstm_layer_hoisted(X.reshape(len(X), self.seq_len, -1), p["W_x"], p["W_h"],
                                      p["b_x"], p["b_h"])
        return steps, h, h @ p["W_hy"] + p["b_y"]

    def forward(self, X):
        """Logits Z (N, K) for X (N, T D)."""
        return self._forward(X)[2]

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        log_P = log_softmax(self.forward(X))                           # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y, input_grad=False):
        """The loss and its gradient w.r.t. every parameter, derived by hand; with input_grad,
        w.r.t. the input X too (parity checks it; training never needs it)."""
        p, N = self.params, len(X)
        steps, h_last, Z = self._forward(X)
        log_P = log_softmax(Z)                                         # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                             # P
        dZ[np.arange(N), y] -= 1                                       # P - Y
        dZ /= N                                                        # dL/dZ = (P - Y) / N
        grads = {"W_hy": h_last.T @ dZ,                                # dL/dW_hy = h_T^T dZ
                 "b_y": dZ.sum(axis=0)}                                # dL/db_y = sum_i dZ
        dh = dZ @ p["W_hy"].T                                          # dL/dh_T (N, H)
        dX, grads["W_x"], grads["W_h"], grads["b_x"] = lstm_layer_hoisted_backward(
            X.reshape(N, self.seq_len, -1), steps, dh, p["W_x"], p["W_h"], input_grad)
        grads["b_h"] = grads["b_x"].copy()                             # the same dA acts
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
