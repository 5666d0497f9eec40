"""A variational autoencoder trained by SGD on the negative ELBO, backpropagation by hand, NumPy.

Shapes: N samples, D features (pixels), H hidden units, L latent dimensions.

    encoder    A_e = f(X W_enc + b_enc)                            (N, H)
               mu = A_e W_mu + b_mu,  logvar = A_e W_logvar + b_logvar     (N, L) each
    reparam.   z = mu + sigma * eps,  sigma = exp(logvar / 2)      eps (N, L) ~ N(0, I), given
    decoder    A_d = f(z W_dec + b_dec)                            (N, H)
               O = A_d W_out + b_out                               (N, D)
    loss       L = 1/N sum_i [ R_i + KL_i ]                        the negative ELBO, per sample
               R_i  = sum_d [softplus(O) - X O]                    Bernoulli: cross-entropy
                                                                   with logits O
               R_i  = sum_d (X - O)^2 / 2 + D/2 log(2 pi)          Gaussian, unit variance:
                                                                   O is the mean
               KL_i = -1/2 sum_l (1 + logvar - mu^2 - exp(logvar)) KL(N(mu, sigma^2) || N(0, I))
    backward   dL/dO = (sigmoid(O) - X) / N, or (O - X) / N
               dL/dW_out = A_d^T dL/dO,  dL/db_out = sum_i dL/dO
               dL/dZ_d = dL/dO W_out^T * f'                        (N, H)
               dL/dW_dec = z^T dL/dZ_d,  dL/db_dec = sum_i dL/dZ_d
               dL/dz = dL/dZ_d W_dec^T                             (N, L)
               dL/dmu = dL/dz + mu / N                             z = mu + ...; KL's mu^2 / 2
               dL/dlogvar = dL/dz * eps * sigma / 2 + (exp(logvar) - 1) / (2N)
                                                                   dsigma/dlogvar = sigma / 2
               dL/dZ_e = (dL/dmu W_mu^T + dL/dlogvar W_logvar^T) * f'      (N, H)
               dL/dW_enc = X^T dL/dZ_e,  dL/db_enc = sum_i dL/dZ_e

The reparameterization is the whole trick: z's randomness sits in eps, which does not depend on
the parameters, so dL/dmu and dL/dlogvar flow through z = mu + sigma eps like any product. eps
is an input here, as y is to a classifier: parity hands both sides the same noise.

Initialization as the mlp pair's: He normal before relu, Xavier normal before tanh, biases zero.
"""

import math

import numpy as np

from algorithms._inputs import (
    StandardNormal,
    check_batches,
    check_latent,
    check_state,
    check_X,
    check_X_noise,
    minibatches,
    train,
)
from algorithms._model_checks import check_bernoulli_data
from algorithms._params import (
    SEED,
    TRAINING,
    Integer,
    Options,
    check_hyperparameter,
    set_hyperparameters,
)
from algorithms.activations.scratch import sigmoid, softplus
from algorithms.mlp.scratch import activate, activation_grad

LIKELIHOODS = ("bernoulli", "gaussian")
LAYERS = ("enc", "mu", "logvar", "dec", "out")     # W_<layer> (fan_in, fan_out), b_<layer>


def reconstruction_loss(likelihood, X, O):
    """sum_i R_i = -sum_i log p(x_i | z_i), from the decoder's output O (N, D): Bernoulli
    pixels with logits O, or N(O, I)."""
    if likelihood == "bernoulli":
        return np.sum(softplus(O) - X * O)                         # cross-entropy with logits
    return np.sum((X - O) ** 2) / 2 + X.size / 2 * math.log(2 * math.pi)


def kl_to_prior(mu, logvar):
    """sum_i KL_i = sum_i KL(N(mu_i, diag exp(logvar_i)) || N(0, I)), in closed form."""
    return -np.sum(1 + logvar - mu**2 - np.exp(logvar)) / 2


class VAE:
    """An encoder to a diagonal Gaussian over z, a decoder back to X, trained on the ELBO.

    Parameters
    ----------
    n_features : int, the number of input features D (pixels).
    hidden : int, the hidden units H of the encoder and of the decoder.
    latent : int, the latent dimensions L.
    likelihood : "bernoulli" (X in [0, 1], the decoder gives logits) or "gaussian" (unit
        variance, the decoder gives the mean).
    activation : "relu" or "tanh", the hidden layers' f.
    lr : float, the learning rate of SGD.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights, the mini-batch order and `fit`'s noise.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Integer(low=1),
                       "latent": Integer(low=1), "likelihood": Options(*LIKELIHOODS),
                       "activation": Options("relu", "tanh"), **TRAINING}

    def __init__(self, n_features, hidden=32, latent=2, likelihood="bernoulli",
                 activation="relu", lr=0.01, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64):
        set_hyperparameters(self, locals())
        rng = np.random.default_rng(seed)
        D, H, L = n_features, hidden, latent
        self.params = {}
        for layer, (fan_in, fan_out) in zip(LAYERS, [(D, H), (H, L), (H, L), (L, H), (H, D)],
                                            strict=True):
            std = (np.sqrt(2 / fan_in) if activation == "relu"          # He
                   else np.sqrt(2 / (fan_in + fan_out)))                # Xavier/Glorot
            self.params[f"W_{layer}"] = (std * rng.standard_normal((fan_in, fan_out))
                                         ).astype(self.dtype)
            self.params[f"b_{layer}"] = np.zeros(fan_out, dtype=self.dtype)

    def state_dict(self):
        """The parameters by name (W_enc, b_enc, ..., W_out, b_out), as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        self.params = {name: np.array(state[name], dtype=self.dtype) for name in self.params}

    def _linear(self, layer, A):
        return A @ self.params[f"W_{layer}"] + self.params[f"b_{layer}"]

    def _encode(self, X):
        """(Z_e, A_e, mu, logvar) for X (N, D)."""
        Z_e = self._linear("enc", X)                            # (N, H)
        A_e = activate(self.activation, Z_e)
        return Z_e, A_e, self._linear("mu", A_e), self._linear("logvar", A_e)

    def _decode(self, z):
        """(Z_d, A_d, O) for z (N, L): O the logits (Bernoulli) or the mean (Gaussian)."""
        Z_d = self._linear("dec", z)                            # (N, H)
        A_d = activate(self.activation, Z_d)
        return Z_d, A_d, self._linear("out", A_d)               # (N, D)

    def forward(self, X, eps=None):
        """The decoder's output O (N, D) at z = mu + sigma eps (eps None: z = mu)."""
        _, _, mu, logvar = self._encode(X)
        z = mu if eps is None else mu + np.exp(logvar / 2) * eps
        return self._decode(z)[2]

    def _loss(self, X, O, mu, logvar):
        """The negative ELBO, 1/N sum_i (R_i + KL_i), from the decoder's output and q(z|x)."""
        return (reconstruction_loss(self.likelihood, X, O) + kl_to_prior(mu, logvar)) / len(X)

    def loss(self, X, eps):
        """The negative ELBO of X (N, D) with the noise eps (N, L)."""
        _, _, mu, logvar = self._encode(X)
        O = self._decode(mu + np.exp(logvar / 2) * eps)[2]
        return self._loss(X, O, mu, logvar)

    def gradients(self, X, eps, input_grad=False):
        """The negative ELBO and its gradient w.r.t. every parameter, derived by hand; with
        input_grad, w.r.t. the input X too (parity checks it; training never needs it)."""
        N, p = len(X), self.params
        Z_e, A_e, mu, logvar = self._encode(X)
        sigma = np.exp(logvar / 2)                              # (N, L)
        z = mu + sigma * eps                                    # the reparameterization
        Z_d, A_d, O = self._decode(z)
        loss = self._loss(X, O, mu, logvar)
        grads = {}
        mean = sigmoid(O) if self.likelihood == "bernoulli" else O
        dO = (mean - X) / N                                     # dL/dO; softplus' = sigmoid
        grads["W_out"] = A_d.T @ dO                             # O = A_d W_out + b_out
        grads["b_out"] = dO.sum(axis=0)
        dZ_d = dO @ p["W_out"].T * activation_grad(self.activation, Z_d, A_d)  # dO W^T f'
        grads["W_dec"] = z.T @ dZ_d                             # Z_d = z W_dec + b_dec
        grads["b_dec"] = dZ_d.sum(axis=0)
        dz = dZ_d @ p["W_dec"].T                                # dL/dz  (N, L)
        dmu = dz + mu / N                                       # dz/dmu = 1; KL: mu / N
        dlogvar = (dz * eps * sigma / 2                         # dz/dlogvar = eps sigma / 2
                   + (np.exp(logvar) - 1) / (2 * N))           # KL: (sigma^2 - 1) / (2N)
        grads["W_mu"] = A_e.T @ dmu                             # mu = A_e W_mu + b_mu
        grads["b_mu"] = dmu.sum(axis=0)
        grads["W_logvar"] = A_e.T @ dlogvar                     # logvar = A_e W_logvar + b
        grads["b_logvar"] = dlogvar.sum(axis=0)
        dA_e = dmu @ p["W_mu"].T + dlogvar @ p["W_logvar"].T    # both heads read A_e  (N, H)
        dZ_e = dA_e * activation_grad(self.activation, Z_e, A_e)  # dA_e f'
        grads["W_enc"] = X.T @ dZ_e                             # Z_e = X W_enc + b_enc
        grads["b_enc"] = dZ_e.sum(axis=0)
        if input_grad:                                          # X feeds the encoder and R
            direct = -O / N if self.likelihood == "bernoulli" else (X - O) / N
            grads["X"] = dZ_e @ p["W_enc"].T + direct           # dL/dX  (N, D)
        return loss, grads

    def step(self, X, eps):
        """One SGD step on the batch X with its noise eps; returns the loss before the step."""
        loss, grads = self.gradients(X, eps)
        for name in self.params:
            self.params[name] -= self.lr * grads[name]          # p <- p - lr dL/dp
        return loss

    def fit(self, X, eps=None, batches=None):
        """Train on X (N, D): one step per index array in `batches` (default: drawn from seed).
        eps (N, L) is each sample's noise at every visit (parity shares it so); None draws
        fresh noise at every step from `seed`, as a VAE trains."""
        if eps is None:
            X = check_X(X, dtype=self.dtype, n_features=self.n_features)
            eps = StandardNormal(len(X), self.latent, self.seed, self.dtype)
        else:
            X, eps = check_X_noise(X, eps, dtype=self.dtype, n_features=self.n_features,
                                   n_latent=self.latent)
        check_bernoulli_data(X, self.likelihood)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, eps, batches)
        return self

    def encode(self, X):
        """q(z|x): the means mu (N, L) and log-variances logvar (N, L) of X (N, D)."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return self._encode(X)[2:]

    def decode(self, z):
        """The mean of p(x|z) (N, D) for latent points z (N, L): sigmoid(O), or O."""
        z = check_latent(z, dtype=self.dtype, n_latent=self.latent)
        O = self._decode(z)[2]
        return sigmoid(O) if self.likelihood == "bernoulli" else O

    def predict(self, X):
        """The reconstruction of X (N, D): the decoder's mean at z = mu."""
        return self.decode(self.encode(X)[0])

    def sample(self, n_samples, seed=0):
        """n_samples new points (n_samples, D): z ~ N(0, I) (NumPy's generator from seed, the
        same draws on both sides), decoded to the mean of p(x|z)."""
        check_hyperparameter("n_samples", n_samples, Integer(low=1))
        check_hyperparameter("seed", seed, SEED)
        z = np.random.default_rng(seed).standard_normal((n_samples, self.latent))
        return self.decode(z)
