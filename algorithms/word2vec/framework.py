"""word2vec: skip-gram with negative sampling (Mikolov et al., 2013), trained by SGD, in PyTorch.

Shapes: N (center, context) pairs, V words, d embedding dimensions, K negative samples a pair.

    vectors    nn.Embedding(V, d) twice: center (v_w, W_in) and context (u_w, W_out)
    forward    s = (center(c) * context(o)).sum(-1)                      (N,)
    loss       -(F.logsigmoid(s_o) + F.logsigmoid(-s_k).sum(-1)).mean(),
               s_k = bmm(context(noise) (N, K, d), center(c) (N, d, 1))  (N, K)
    backward   loss.backward()      autograd; each nn.Embedding's backward adds the rows of
                                    repeated ids into its dense .grad (V, d)
    update     optimizer.step()     torch.optim.SGD: p <- p - lr p.grad

Initialization as word2vec's C code (the center vectors from U(-0.5/d, 0.5/d), the context
vectors zeros), drawn by torch's generator from `seed`. The parameters are exposed under the
scratch names, W_in and W_out (V, d).
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from algorithms._inputs import check_batches, check_state, check_word_pairs, minibatches, train
from algorithms._params import TRAINING, Integer, check_hyperparameter, set_hyperparameters
from algorithms._text import NegativeSamples
from algorithms._torch import to_tensor, torch_dtype


class SkipGram(nn.Module):
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
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"vocab_size": Integer(low=2), "embedding_dim": Integer(low=1),
                       "n_negatives": Integer(low=1), **TRAINING}

    def __init__(self, vocab_size, embedding_dim=50, n_negatives=5, lr=0.1, epochs=5,
                 batch_size=256, seed=0, dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        placed = {"dtype": torch_dtype(dtype), "device": device}
        self.center = nn.Embedding(vocab_size, embedding_dim, **placed)    # v_w (V, d)
        self.context = nn.Embedding(vocab_size, embedding_dim, **placed)   # u_w (V, d)
        generator = torch.Generator(device=device).manual_seed(seed)
        bound = 0.5 / embedding_dim
        nn.init.uniform_(self.center.weight, -bound, bound, generator=generator)
        nn.init.zeros_(self.context.weight)
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by name, as detached copies: W_in (V, d) holds the center vectors v_w,
        W_out (V, d) the context vectors u_w."""
        return {"W_in": self.center.weight.detach().clone(),
                "W_out": self.context.weight.detach().clone()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {"W_in": self.center.weight.shape,
                            "W_out": self.context.weight.shape})
        with torch.no_grad():
            self.center.weight.copy_(to_tensor(state["W_in"], self.device))
            self.context.weight.copy_(to_tensor(state["W_out"], self.device))

    def forward(self, X):
        """The logits s = u_o . v_c (N,) of the pairs X (N, 2)."""
        return (self.context(X[:, 1]) * self.center(X[:, 0])).sum(-1)

    def loss(self, X, negatives):
        """The mean negative-sampling loss of the pairs X (N, 2) and their noise words (N, K)."""
        v = self.center(X[:, 0])                                        # (N, d)
        s_o = (self.context(X[:, 1]) * v).sum(-1)                       # (N,)
        s_k = torch.bmm(self.context(negatives), v.unsqueeze(2)).squeeze(2)   # (N, K)
        return -(F.logsigmoid(s_o) + F.logsigmoid(-s_k).sum(-1)).mean()

    def gradients(self, X, negatives):
        """The loss and its gradient w.r.t. W_in and W_out, by autograd (copies of .grad)."""
        self.optimizer.zero_grad()
        loss = self.loss(X, negatives)
        loss.backward()                                                 # dense .grad (V, d)
        return loss.detach(), {"W_in": self.center.weight.grad.clone(),
                               "W_out": self.context.weight.grad.clone()}

    def step(self, X, negatives):
        """One SGD step on the batch; returns the loss before the step."""
        loss, _ = self.gradients(X, negatives)                          # fills p.grad
        self.optimizer.step()                                           # p <- p - lr p.grad
        return loss

    def fit(self, X, negatives=None, batches=None):
        """Train on the pairs X (N, 2): one step per index array in `batches` (default: drawn
        from seed). negatives (N, K) are each pair's noise words at every visit (parity shares
        them so); None draws fresh ones at every step from `seed`, by the unigram distribution
        of X's contexts raised to 3/4 (word2vec's C code draws by the raw counts of the text,
        and skips a draw equal to the context)."""
        if negatives is None:
            X = check_word_pairs(X, vocab_size=self.vocab_size)
            negatives = NegativeSamples(X, self.vocab_size, self.n_negatives, self.seed,
                                        convert=lambda ids: to_tensor(ids, self.device))
        else:
            X, negatives = check_word_pairs(X, negatives, vocab_size=self.vocab_size,
                                            n_negatives=self.n_negatives)
            negatives = to_tensor(negatives, self.device)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, to_tensor(X, self.device), negatives, batches)
        return self

    def predict(self, X):
        """sigma(u_o . v_c) (N,): how likely each pair of X (N, 2) is a real (center, context)."""
        X = check_word_pairs(X, vocab_size=self.vocab_size)
        with torch.no_grad():
            return torch.sigmoid(self(to_tensor(X, self.device))).cpu().numpy()

    def most_similar(self, word, k=5):
        """The k words whose center vectors have the largest cosine similarity to the word's,
        itself excluded: (ids (k,), similarities (k,)), most similar first (ties by id)."""
        check_hyperparameter("word", word, Integer(low=0, high=self.vocab_size - 1))
        check_hyperparameter("k", k, Integer(low=1, high=self.vocab_size - 1))
        with torch.no_grad():
            W = self.center.weight
            norms = torch.linalg.vector_norm(W, dim=1)
            similarity = W @ W[word] / torch.clamp(norms * norms[word], min=1e-12)
            similarity[word] = -torch.inf                               # not its own neighbour
            values, order = torch.sort(similarity, descending=True, stable=True)
        return order[:k].cpu().numpy(), values[:k].cpu().numpy()
