"""A GRU classifying sequences, backpropagation through time by hand, NumPy.

Shapes: N sequences of T steps with D features each (a row of X holds them step after step,
X (N, T D)); H hidden units; K classes. The three gates sit side by side in one (., 3H) block
in PyTorch's order r, z, n.

    input      U = X W_x + b_x, all steps at once     W_x (D, 3H), U (N, T, 3H)
    state      V_t = h_{t-1} W_h + b_h                  W_h (H, 3H), V_t (N, 3H)
    gates      r = sigmoid(U_r + V_r), z = sigmoid(U_z + V_z)        reset, update
               n = tanh(U_n + r V_n)                    r scales (W_hn h + b_hn), not h
    state      h_t = (1 - z) n + z h_{t-1}                                    h_0 = 0
    output     Z = h_T W_hy + b_y (N, K),  P = softmax(Z)
    loss       L = -1/N sum_i log P_i,y_i
    backward   dL/dZ = (P - Y) / N,  dL/dh_T = dL/dZ W_hy^T
               for t = T .. 1, from dh = dL/dh_t:
                   dn = dh (1 - z),  dz = dh (h_{t-1} - n)
                   dA_n = dn (1 - n^2),  dA_z = dz z (1 - z),  dA_r = dA_n V_n r (1 - r)
                   dU_t = [dA_r, dA_z, dA_n],  dV_t = [dA_r, dA_z, dA_n r]
                   dL/dh_{t-1} = dh z + dV_t W_h^T        the direct path and through V_t
               dL/dW_x = sum_t x_t^T dU_t,  dL/dW_h = sum_t h_{t-1}^T dV_t,
               dL/db_x = sum dU,  dL/db_h = sum dV,  dL/dX = dU W_x^T

Unlike the LSTM's, the two bias vectors do not act as one: b_hn sits inside r's product, so
dL/db_h differs from dL/db_x in the n block.

The file opens with the cell and the layer in textbook form, gru_layer and
gru_layer_backward, one step at a time. The fast form that follows (checked equal to it)
hoists the input projection and the time-summed weight gradients out of the loop, and runs the
loop feature-major and in place (U held as (T, 3H, N)), each gate a contiguous block of rows.

Initialization: every weight and bias from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's rule, from
NumPy's generator.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_X, check_X_y, minibatches, train
from algorithms._model_checks import check_sequence
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import log_softmax, sigmoid

# --- the idea: the cell, and the layer one step at a time ---------------------------------


def cell(U, V, h):
    """The gates r, z, n from the input part U (N, 3H) and the state part V (N, 3H), in
    PyTorch's order, and the new state: (r, z, n, h_t) from h_{t-1}."""
    H = h.shape[1]
    gates = sigmoid(U[:, :2 * H] + V[:, :2 * H])                       # (N, 2H)
    r, z = gates[:, :H], gates[:, H:]                                  # reset, update
    n = np.tanh(U[:, 2 * H:] + r * V[:, 2 * H:])                       # r (W_hn h + b_hn)
    return r, z, n, (1 - z) * n + z * h                                # h_t


def cell_backward(step, dh):
    """(dL/dU_t (N, 3H), dL/dV_t (N, 3H), the direct part of dL/dh_{t-1}) from dL/dh_t."""
    h_prev, V, r, z, n = step
    H = h_prev.shape[1]
    dA_n = dh * (1 - z) * (1 - n**2)                                   # dn tanh'
    dA_z = dh * (h_prev - n) * z * (1 - z)                             # dz sigmoid'
    dA_r = dA_n * V[:, 2 * H:] * r * (1 - r)                           # dr = dA_n V_n
    dU = np.concatenate([dA_r, dA_z, dA_n], axis=1)
    dV = np.concatenate([dA_r, dA_z, dA_n * r], axis=1)                # V_n enters times r
    return dU, dV, dh * z                                              # h_t = ... + z h


def gru_layer(X, W_x, W_h, b_x, b_h):
    """(steps [(h_{t-1}, V_t, r, z, n)], h_T) over X (N, T, D), one step at a time."""
    h = np.zeros((X.shape[0], W_h.shape[0]), dtype=X.dtype)           # h_0 = 0
    steps = []
    for t in range(X.shape[1]):
        V = h @ W_h + b_h                                              # (N, 3H)
        r, z, n, h_new = cell(X[:, t] @ W_x + b_x, V, h)
        steps.append((h, V, r, z, n))
        h = h_new
    return steps, h


def gru_layer_backward(X, steps, dh, W_x, W_h, input_grad=True):
    """(dL/dX (N, T, D), dL/dW_x, dL/dW_h, dL/db_x, dL/db_h) through time from dh = dL/dh_T,
    one step at a time; dL/dX is None unless input_grad."""
    dX = np.empty_like(X) if input_grad else None
    dW_x, dW_h = np.zeros_like(W_x), np.zeros_like(W_h)
    db_x, db_h = np.zeros(W_h.shape[1], dtype=X.dtype), np.zeros(W_h.shape[1], dtype=X.dtype)
    for t in range(X.shape[1] - 1, -1, -1):
        dU, dV, dh_direct = cell_backward(steps[t], dh)
        dW_x += X[:, t].T @ dU                                         # U_t = x_t W_x + b_x
        dW_h += steps[t][0].T @ dV                                     # V_t = h_{t-1} W_h + b_h
        db_x += dU.sum(axis=0)
        db_h += dV.sum(axis=0)
        if input_grad:
            dX[:, t] = dU @ W_x.T
        dh = dh_direct + dV @ W_h.T                                    # dL/dh_{t-1}
    return dX, dW_x, dW_h, db_x, db_h


# --- the fast form: hoisted, feature-major, in place ---------------------------------------
# Three changes, together checked equal to the textbook form:
#   - x_t W_x does not depend on the state: the T products are taken before the loop, and the
#     input-side gradients, sums over time, after it.
#   - The loop runs feature-major, on (features, N) arrays: each gate is then a block of whole
#     rows, contiguous, where in (N, 3H) it is a strip of columns that NumPy walks H floats at
#     a time (3-5x slower a pass). The state's product is W_h^T h_{t-1}^T (3H, N); W_h^T is
#     nn.GRU's weight_hh_l0, whose row blocks are its gates.
#   - The loop writes into arrays made once for the whole pass (out=, *=), as torch's CPU cell
#     works in place: a fresh array per operation cost more than its arithmetic.
# The functions take and return the textbook form's shapes, time-major (T, N, .), as
# transposed views of the feature-major arrays, so that either form's steps feed either form's
# backward pass. The states and the steps share memory: h_t is h_{t-1} of step t + 1.

def sigmoid_in_place(A):
    """sigmoid(A) written over A: 0.5 (1 + tanh(A / 2)), as activations.sigmoid."""
    A *= 0.5
    np.tanh(A, out=A)
    A += 1
    A *= 0.5


def recurrence(U, W_h, b_h):
    """(steps, states) of the GRU over the projected inputs U (T, N, 3H): the loop of
    gru_layer_hoisted (char_lm looks its U up instead). steps[t] = (h_{t-1}, V_t, r, z, n),
    each (N, .); states (T + 1, N, H) holds h_0 = 0, h_1, ..., h_T. Inside, the loop runs on
    the (T, ., N) transposes."""
    T, N = U.shape[:2]
    H = W_h.shape[0]
    dtype = np.result_type(U, W_h, b_h)
    U = np.ascontiguousarray(U.transpose(0, 2, 1), dtype=dtype)        # (T, 3H, N)
    states = np.zeros((T + 1, H, N), dtype=dtype)                      # h_0^T = 0, ..., h_T^T
    V = np.empty((T, 3 * H, N), dtype=dtype)                           # V_t^T
    gates = np.empty((T, 3 * H, N), dtype=dtype)                       # r, z, n by rows
    for t in range(T):
        np.matmul(W_h.T, states[t], out=V[t])                          # W_h^T h_{t-1}^T
        V[t] += b_h[:, None]
        rz, n, h = gates[t, :2 * H], gates[t, 2 * H:], states[t + 1]
        np.add(U[t, :2 * H], V[t, :2 * H], out=rz)
        sigmoid_in_place(rz)                                           # r, z
        np.multiply(rz[:H], V[t, 2 * H:], out=n)                       # r (W_hn h + b_hn)
        n += U[t, 2 * H:]
        np.tanh(n, out=n)
        np.subtract(states[t], n, out=h)                               # h_t = n + z (h - n),
        h *= rz[H:]                                                    # torch's form of
        h += n                                                         # (1 - z) n + z h
    steps = [(states[t].T, V[t].T, gates[t, :H].T, gates[t, H:2 * H].T, gates[t, 2 * H:].T)
             for t in range(T)]                                        # each (N, .), a view
    return steps, states.transpose(0, 2, 1)                            # (T + 1, N, H)


def recurrence_backward(steps, dH, W_h):
    """dL/dU (T, N, 3H), dL/dW_h and dL/db_h, given dH: the gradient reaching h_T (N, H), or
    every h_t (T, N, H) (a language model). Inside, the loop runs on the (T, ., N) transposes."""
    T = len(steps)
    every_step = dH.ndim == 3
    N, H = dH.shape[-2:]
    dtype = np.result_type(dH, W_h, *steps[0])
    dH = np.ascontiguousarray(np.swapaxes(dH, -1, -2), dtype=dtype)   # (T, H, N) or (H, N)
    dh = dH[-1] if every_step else dH                                  # into h_T; only read
    dU = np.empty((T, 3 * H, N), dtype=dtype)                          # dL/dU_t^T
    dV = np.empty_like(dU)                                             # dL/dV_t^T
    work = np.empty((H, N), dtype=dtype)
    for t in range(T - 1, -1, -1):                                     # through time
        h_prev, V, r, z, n = (array.T for array in steps[t])           # each (., N)
        dA_r, dA_z, dA_n = dU[t, :H], dU[t, H:2 * H], dU[t, 2 * H:]
        np.subtract(1, z, out=work)
        np.multiply(dh, work, out=dA_n)                                # dn = dh (1 - z)
        np.square(n, out=work)
        np.subtract(1, work, out=work)
        dA_n *= work                                                   # dA_n = dn tanh'
        np.subtract(h_prev, n, out=dA_z)
        dA_z *= dh                                                     # dz = dh (h_{t-1} - n)
        np.subtract(1, z, out=work)
        work *= z
        dA_z *= work                                                   # dA_z = dz sigmoid'
        np.multiply(dA_n, V[2 * H:], out=dA_r)                         # dr = dA_n V_n
        np.subtract(1, r, out=work)
        work *= r
        dA_r *= work                                                   # dA_r = dr sigmoid'
        dV[t, :2 * H] = dU[t, :2 * H]                                  # U_r + V_r, U_z + V_z
        np.multiply(dA_n, r, out=dV[t, 2 * H:])                        # V_n enters times r
        np.multiply(dh, z, out=work)                                   # h_t = ... + z h
        dh = W_h @ dV[t]                                               # (dV_t W_h^T)^T (H, N)
        dh += work                                                     # dL/dh_{t-1}^T
        if every_step and t > 0:
            dh += dH[t - 1]                                            # and from the head
    dW_h = sum(step[0].T @ dV[t].T for t, step in enumerate(steps))    # sum_t h_{t-1}^T dV_t
    db_h = dV.sum(axis=(0, 2))                                         # sum_t,i dV_t (3H,)
    return dU.transpose(0, 2, 1), dW_h, db_h                           # dU (T, N, 3H), a view


def gru_layer_hoisted(X, W_x, W_h, b_x, b_h):
    """gru_layer, with U = X W_x + b_x taken for every step at once."""
    U = np.matmul(W_x.T, X.transpose(1, 2, 0),                        # (T, 3H, N): W_x^T x_t^T
                  dtype=np.result_type(X, W_x, b_x))
    U += b_x[:, None]
    steps, states = recurrence(U.transpose(0, 2, 1), W_h, b_h)         # (T, N, 3H): a view,
    return steps, states[-1]                                           # undone without a copy


def gru_layer_hoisted_backward(X, steps, dh, W_x, W_h, input_grad=True):
    """gru_layer_backward, with the weight gradients summed over time after the loop."""
    dU, dW_h, db_h = recurrence_backward(steps, dh, W_h)
    dU = dU.transpose(0, 2, 1)                                         # (T, 3H, N)
    X_time = X.transpose(1, 0, 2)                                      # (T, N, D), a view
    dW_x = np.matmul(dU, X_time).sum(axis=0).T                         # sum_t x_t^T dU_t (D, 3H)
    db_x = dU.sum(axis=(0, 2))                                         # sum_t,i dU_t (3H,)
    dX = np.matmul(W_x, dU).transpose(2, 0, 1) if input_grad else None  # dU W_x^T (N, T, D)
    return dX, dW_x, dW_h, db_x, db_h


class GRU:
    """One GRU layer read over the sequence, then a linear layer on the last hidden state.

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
        shapes = {"W_x": (self.step_features, 3 * hidden), "W_h": (hidden, 3 * hidden),
                  "b_x": (3 * hidden,), "b_h": (3 * hidden,), "W_hy": (hidden, n_classes),
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
        """(per step (h_{t-1}, V_t, r, z, n), the last h, the logits Z)."""
        p = self.params
        sequences = X.reshape(len(X), self.seq_len, -1)                # (N, T, D)
        steps, h = gru_layer_hoisted(sequences, p["W_x"], p["W_h"], p["b_x"], p["b_h"])
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
        dX, grads["W_x"], grads["W_h"], grads["b_x"], grads["b_h"] = (
            gru_layer_hoisted_backward(X.reshape(N, self.seq_len, -1), steps, dh, p["W_x"],
                                       p["W_h"], input_grad))
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
