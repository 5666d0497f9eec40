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

The input projection and the time-summed weight gradients are hoisted out of the loop. Two
bias vectors as PyTorch keeps them; their sum is what acts. Initialization: every weight and
bias from U(-1/sqrt(H), 1/sqrt(H)), PyTorch's rule, from NumPy's generator.
"""

import numpy as np

from algorithms._inputs import check_X, check_X_y, minibatches
from algorithms._model_checks import check_sequence
from algorithms._params import TRAINING, Integer, set_hyperparameters
from algorithms.activations.scratch import log_softmax, sigmoid


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
        self.params = {name: np.array(state[name], dtype=self.dtype).reshape(value.shape)
                       for name, value in self.params.items()}

    def _forward(self, X):
        """(per step (h_{t-1}, c_{t-1}, i, f, g, o, tanh c_t), the last h, the logits Z)."""
        p, H = self.params, self.hidden
        N, T = len(X), self.seq_len
        U = (X.reshape(N * T, -1) @ p["W_x"] + p["b_x"]).reshape(N, T, 4 * H)  # hoisted
        h = c = np.zeros((N, H), dtype=X.dtype)                        # h_0 = c_0 = 0
        steps = []
        for t in range(T):
            A = U[:, t] + h @ p["W_h"] + p["b_h"]                      # (N, 4H): i, f, g, o
            i, f = sigmoid(A[:, :H]), sigmoid(A[:, H:2 * H])
            g, o = np.tanh(A[:, 2 * H:3 * H]), sigmoid(A[:, 3 * H:])
            c_new = f * c + i * g                                      # c_t = f c + i g
            tanh_c = np.tanh(c_new)
            steps.append((h, c, i, f, g, o, tanh_c))
            h, c = o * tanh_c, c_new                                   # h_t = o tanh(c_t)
        return steps, h, h @ p["W_hy"] + p["b_y"]

    def forward(self, X):
        """Logits Z (N, K) for X (N, T D)."""
        return self._forward(X)[2]

    def loss(self, X, y):
        """Mean cross-entropy of the labels y (N,) under softmax of the logits."""
        log_P = log_softmax(self.forward(X))                           # (N, K)
        return -np.mean(log_P[np.arange(len(y)), y])

    def gradients(self, X, y):
        """The loss and its gradient w.r.t. every parameter and the input, derived by hand."""
        p, H = self.params, self.hidden
        N, T = len(X), self.seq_len
        steps, h_last, Z = self._forward(X)
        log_P = log_softmax(Z)                                         # (N, K)
        loss = -np.mean(log_P[np.arange(N), y])
        dZ = np.exp(log_P)                                             # P
        dZ[np.arange(N), y] -= 1                                       # P - Y
        dZ /= N                                                        # dL/dZ = (P - Y) / N
        grads = {"W_hy": h_last.T @ dZ,                                # dL/dW_hy = h_T^T dZ
                 "b_y": dZ.sum(axis=0)}                                # dL/db_y = sum_i dZ
        dh = dZ @ p["W_hy"].T                                          # dL/dh_T (N, H)
        dc_next = np.zeros_like(dh)                                    # dL/dc_T from above: 0
        dA = np.empty((N, T, 4 * H), dtype=X.dtype)
        for t in range(T - 1, -1, -1):                                 # through time
            _, c_prev, i, f, g, o, tanh_c = steps[t]
            dc = dc_next + dh * o * (1 - tanh_c**2)                    # both paths into c_t
            dA[:, t, :H] = dc * g * i * (1 - i)                        # di sigmoid'
            dA[:, t, H:2 * H] = dc * c_prev * f * (1 - f)              # df sigmoid'
            dA[:, t, 2 * H:3 * H] = dc * i * (1 - g**2)                # dg tanh'
            dA[:, t, 3 * H:] = dh * tanh_c * o * (1 - o)               # do sigmoid'
            dc_next = dc * f                                           # dL/dc_{t-1}
            dh = dA[:, t] @ p["W_h"].T                                 # dL/dh_{t-1}
        dA = dA.reshape(N * T, -1)                                     # (N T, 4H)
        previous = np.stack([step[0] for step in steps], axis=1).reshape(N * T, -1)
        grads["W_h"] = previous.T @ dA                                 # sum_t h_{t-1}^T dA_t
        grads["W_x"] = X.reshape(N * T, -1).T @ dA                     # sum_t x_t^T dA_t
        grads["b_x"] = dA.sum(axis=0)                                  # dL/db_x = sum dA
        grads["b_h"] = grads["b_x"].copy()                             # the same dA acts
        grads["X"] = (dA @ p["W_x"].T).reshape(N, -1)                  # dL/dX (N, T D)
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
        self.loss_history_ = [float(self.step(X[idx], y[idx])) for idx in batches]
        return self

    def predict_proba(self, X):
        """Class probabilities P (N, K) for X (N, T D), as a NumPy array."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return np.exp(log_softmax(self.forward(X)))

    def predict(self, X):
        """Class labels (N,): the most probable class."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self.forward(X).argmax(axis=1)
