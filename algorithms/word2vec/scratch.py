"""word2vec: skip-gram with negative sampling (Mikolov et al., 2013), trained by SGD, in NumPy.

Shapes: N (center, context) pairs, V words, d embedding dimensions, K negative samples a pair.

Every word w has two vectors: v_w = W_in[w] when it is the center, u_w = W_out[w] when it is a
context. A pair (c, o) seen in the text should score high, and K noise words n_1..n_K drawn from
the unigram distribution raised to 3/4 should score low:

    forward    s = u_o . v_c                                the pair's logit        (N,)
    loss       L = 1/N sum over pairs of
                   -log sigma(u_o . v_c) - sum_k log sigma(-u_k . v_c)
               each term a logistic regression: is this word a real context of c, or noise?
               -log sigma(x) = softplus(-x), which never overflows.

    backward   for one pair, with s_o = u_o . v_c and s_k = u_k . v_c:
               dL/ds_o = sigma(s_o) - 1                     softplus(-s)' = -sigma(-s)
               dL/ds_k = sigma(s_k)                         softplus(s)'  = sigma(s)
               dL/dv_c = dL/ds_o u_o + sum_k dL/ds_k u_k    s is linear in v_c
               dL/du_o = dL/ds_o v_c,   dL/du_k = dL/ds_k v_c
               each row of W_in and W_out collects the gradients of every pair that reads it.

The file opens with the textbook form, skipgram_gradients_per_pair: those lines, one pair at a
time. The fast form that follows (checked equal to it) gathers every pair's vectors at once and
adds the rows' gradients back with np.add.at, which sums repeated words, where W[ids] += rows
would keep only the last (add_rows: over the flat arrays, 3-4x faster).

Initialization as word2vec's C code: W_in from U(-0.5/d, 0.5/d), W_out zeros.
"""

import numpy as np

from algorithms._inputs import check_batches, check_state, check_word_pairs, minibatches, train
from algorithms._params import TRAINING, Integer, check_hyperparameter, set_hyperparameters
from algorithms._text import NegativeSamples
from algorithms.activations.scratch import sigmoid, softplus

# --- the idea: one pair at a time, textbook form ---------------------------------------------

def skipgram_gradients_per_pair(W_in, W_out, X, negatives):
    """(L, dL/dW_in, dL/dW_out) of the pairs X (N, 2) with their noise words (N, K), one pair
    at a time, as the objective is written for a center c, its context o and the noise n_k."""
    loss, dW_in, dW_out = 0.0, np.zeros_like(W_in), np.zeros_like(W_out)
    for (c, o), noise in zip(X, negatives, strict=True):
        v, u, U = W_in[c], W_out[o], W_out[noise]                     # (d,), (d,), (K, d)
        loss += softplus(-(u @ v)) + softplus(U @ v).sum()
        g, G = sigmoid(u @ v) - 1, sigmoid(U @ v)                     # dL/ds_o, dL/ds_k (K,)
        dW_in[c] += g * u + G @ U                                     # g u_o + sum_k G_k u_k
        dW_out[o] += g * v                                            # dL/du_o = g v_c
        for k, word in enumerate(noise):                              # a word drawn twice
            dW_out[word] += G[k] * v                                  # adds twice
    N = len(X)
    return loss / N, dW_in / N, dW_out / N


# --- the fast form: every pair at once --------------------------------------------------------
# The same sums as whole arrays: gather the N centers', contexts' and N K noise words' vectors,
# score them by two batched dot products, and add the rows' gradients back into W_in's and
# W_out's shapes in one call each (add_rows).

def add_rows(target, ids, rows):
    """target[ids[i]] += rows[i] for every i, repeated ids adding up (target (V, d), C order,
    rows (n, d)): np.add.at over the flat view, whose 1-D form NumPy runs 3-4x faster than the
    2-D np.add.at(target, ids, rows), in the same order."""
    d = target.shape[1]
    flat = (ids[:, None] * d + np.arange(d)).reshape(-1)              # (n d,) flat indices
    np.add.at(target.reshape(-1), flat, rows.reshape(-1))


def skipgram_gradients(W_in, W_out, X, negatives):
    """skipgram_gradients_per_pair, with the pairs' vectors gathered into arrays."""
    N, d = len(X), W_in.shape[1]
    center, context = X[:, 0], X[:, 1]
    v, u, U = W_in[center], W_out[context], W_out[negatives]         # (N, d), (N, d), (N, K, d)
    s_o = np.einsum("nd,nd->n", u, v)                                 # u_o . v_c        (N,)
    s_k = (U @ v[:, :, None])[:, :, 0]                                # u_k . v_c        (N, K)
    loss = (softplus(-s_o).sum() + softplus(s_k).sum()) / N
    g = (sigmoid(s_o) - 1) / N                                        # dL/ds_o, 1/N in  (N,)
    G = sigmoid(s_k) / N                                              # dL/ds_k, 1/N in  (N, K)
    dv = g[:, None] * u + (G[:, None, :] @ U)[:, 0]                   # g u_o + sum_k G_k u_k
    dW_in = np.zeros(W_in.shape, dtype=W_in.dtype)                    # C order: add_rows
    dW_out = np.zeros(W_out.shape, dtype=W_out.dtype)                 # writes through views
    add_rows(dW_in, center, dv)                                       # dL/dW_in[c] += dL/dv_c
    add_rows(dW_out, np.concatenate([context, negatives.reshape(-1)]),    # (N + N K,)
             np.concatenate([g[:, None] * v,                          # dL/du_o = g v_c
                             (G[:, :, None] * v[:, None, :]).reshape(-1, d)]))  # G_k v_c (N K, d)
    return loss, dW_in, dW_out


class SkipGram:
    """Word vectors from skip-gram with negative sampling: a context o of the center c is told
    from K noise words by sigma(u_o . v_c).

    Parameters
    ----------
    vocab_size : int, the number of words V (ids 0..V-1).
    embedding_dim : int, the dimensions d of each word's vectors.
    n_negatives : int, the noise words K of each pair (the columns of fit's negatives).
    lr : float, the learning rate of SGD.
    epochs : int, passes over the pairs that `fit` makes when it is given no batches.
    batch_size : int or None, pairs per step; None is full-batch gradient descent.
    seed : int, seeds the initial vectors, the batch order and the noise words.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"vocab_size": Integer(low=2), "embedding_dim": Integer(low=1),
                       "n_negatives": Integer(low=1), **TRAINING}

    def __init__(self, vocab_size, embedding_dim=50, n_negatives=5, lr=0.1, epochs=5,
                 batch_size=256, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        rng = np.random.default_rng(seed)
        bound = 0.5 / embedding_dim
        self.W_in = rng.uniform(-bound, bound, (vocab_size, embedding_dim)).astype(self.dtype)
        self.W_out = np.zeros((vocab_size, embedding_dim), dtype=self.dtype)       # (V, d)

    def state_dict(self):
        """The parameters by name, as copies: W_in (V, d) holds the center vectors v_w, W_out
        (V, d) the context vectors u_w."""
        return {"W_in": self.W_in.copy(), "W_out": self.W_out.copy()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {"W_in": self.W_in.shape, "W_out": self.W_out.shape})
        self.W_in = np.array(state["W_in"], dtype=self.dtype, order="C")
        self.W_out = np.array(state["W_out"], dtype=self.dtype, order="C")

    def forward(self, X):
        """The logits s = u_o . v_c (N,) of the pairs X (N, 2)."""
        return np.einsum("nd,nd->n", self.W_out[X[:, 1]], self.W_in[X[:, 0]])

    def loss(self, X, negatives):
        """The mean negative-sampling loss of the pairs X (N, 2) and their noise words (N, K)."""
        return skipgram_gradients(self.W_in, self.W_out, X, negatives)[0]

    def gradients(self, X, negatives):
        """The loss and its gradient w.r.t. W_in and W_out, derived by hand."""
        loss, dW_in, dW_out = skipgram_gradients(self.W_in, self.W_out, X, negatives)
        return loss, {"W_in": dW_in, "W_out": dW_out}

    def step(self, X, negatives):
        """One SGD step on the batch; returns the loss before the step."""
        loss, grads = self.gradients(X, negatives)
        self.W_in -= self.lr * grads["W_in"]                         # W <- W - lr dL/dW
        self.W_out -= self.lr * grads["W_out"]
        return loss

    def fit(self, X, negatives=None, batches=None):
        """Train on the pairs X (N, 2): one step per index array in `batches` (default: drawn
        from seed). negatives (N, K) are each pair's noise words at every visit (parity shares
        them so); None draws fresh ones at every step from `seed`, by the unigram distribution
        of X's contexts raised to 3/4 (word2vec's C code draws by the raw counts of the text,
        and skips a draw equal to the context)."""
        if negatives is None:
            X = check_word_pairs(X, vocab_size=self.vocab_size)
            negatives = NegativeSamples(X, self.vocab_size, self.n_negatives, self.seed)
        else:
            X, negatives = check_word_pairs(X, negatives, vocab_size=self.vocab_size,
                                            n_negatives=self.n_negatives)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, negatives, batches)
        return self

    def predict(self, X):
        """sigma(u_o . v_c) (N,): how likely each pair of X (N, 2) is a real (center, context)."""
        X = check_word_pairs(X, vocab_size=self.vocab_size)
        return sigmoid(self.forward(X))

    def most_similar(self, word, k=5):
        """The k words whose center vectors have the largest cosine similarity to the word's,
        itself excluded: (ids (k,), similarities (k,)), most similar first (ties by id)."""
        check_hyperparameter("word", word, Integer(low=0, high=self.vocab_size - 1))
        check_hyperparameter("k", k, Integer(low=1, high=self.vocab_size - 1))
        norms = np.linalg.norm(self.W_in, axis=1)
        similarity = self.W_in @ self.W_in[word] / np.maximum(norms * norms[word], 1e-12)
        similarity[word] = -np.inf                                   # not its own neighbour
        order = np.argsort(-similarity, kind="stable")[:k]
        return order, similarity[order]
