"""A generative adversarial network: two MLPs in a game, trained by alternating steps,
backpropagation by hand, NumPy.

Shapes: N samples, D features, H hidden units, L latent dimensions.

    generator      G(z) = f(z W_G1 + b_G1) W_G2 + b_G2                z (N, L) -> (N, D)
    discriminator  s(x) = f(x W_D1 + b_D1) W_D2 + b_D2                x (N, D) -> logits (N, 1)
                   D(x) = sigmoid(s(x)), the probability that x is real
    losses         L_D = 1/N sum_i softplus(-s(x_i)) + 1/N sum_i softplus(s(G(z_i)))
                         = -mean log D(x) - mean log(1 - D(G(z)))     real -> 1, fake -> 0
                   L_G = 1/N sum_i softplus(-s(G(z_i))) = -mean log D(G(z))
                                                                      the non-saturating loss
    a step         D: theta_D <- theta_D - lr dL_D/dtheta_D            G(z) held fixed
                   G: theta_G <- theta_G - lr dL_G/dtheta_G            through the updated D
                   (SGD; or Adam with betas (0.5, 0.999), as DCGAN, each player its own)
    backward       dL_D/ds(x) = (sigmoid(s(x)) - 1) / N,  dL_D/ds(G(z)) = sigmoid(s(G(z))) / N
                   dL_G/ds(G(z)) = (sigmoid(s(G(z))) - 1) / N
                   through an MLP (the mlp pair's chain rule), both nets alike:
                   dW_2 = A^T dS, db_2 = sum_i dS, dZ = dS W_2^T * f', dW_1 = input^T dZ,
                   db_1 = sum_i dZ, d input = dZ W_1^T
                   dL_G/dtheta_G: from dL_G/ds down D (not updated by it) into G's output

Each player minimizes its own loss, and `gradients` gives each parameter the gradient of its
own player's loss at the current parameters; the loss it returns is L_D + L_G. The original
minimax generator loss, mean log(1 - D(G(z))), has a vanishing gradient exactly when D wins
(D(G(z)) near 0); -log D(G(z)) has the same fixed point and a strong gradient there.

The noise z is an input, as y is to a classifier: parity hands both sides the same z.
Initialization as the mlp pair's: He normal before relu, Xavier normal before tanh, biases zero.
"""

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
from algorithms.optimizers.scratch import SGD, Adam

BETAS = (0.5, 0.999)        # DCGAN's Adam: a short memory for the first moment


class GAN:
    """A generator G(z) and a discriminator D(x), MLPs of one hidden layer each, trained in
    alternating steps on the non-saturating GAN losses.

    Parameters
    ----------
    n_features : int, the dimensions D of the data (and of the generator's output).
    hidden : int, the hidden units H of each network.
    latent : int, the dimensions L of the noise z.
    activation : "relu" or "tanh", the hidden layers' f.
    optimizer : "sgd" or "adam" (betas 0.5, 0.999), one for each player.
    lr : float, the learning rate of both players' optimizers.
    epochs : int, passes over the data that `fit` makes when it is given no batches.
    batch_size : int or None, samples per step; None is full-batch gradient descent.
    seed : int, seeds the initial weights, the mini-batch order and `fit`'s noise.
    dtype : float32 or float64, the precision of parameters and arithmetic.
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Integer(low=1),
                       "latent": Integer(low=1), "activation": Options("relu", "tanh"),
                       "optimizer": Options("sgd", "adam"), **TRAINING}

    def __init__(self, n_features, hidden=32, latent=2, activation="relu", optimizer="sgd",
                 lr=0.05, epochs=100, batch_size=None, seed=0, dtype=np.float64):
        set_hyperparameters(self, locals())
        rng = np.random.default_rng(seed)
        D, H, L = n_features, hidden, latent
        self.params = {}
        for name, (fan_in, fan_out) in (("G1", (L, H)), ("G2", (H, D)),
                                        ("D1", (D, H)), ("D2", (H, 1))):
            std = (np.sqrt(2 / fan_in) if activation == "relu"          # He
                   else np.sqrt(2 / (fan_in + fan_out)))                # Xavier/Glorot
            player, layer = name
            self.params[f"{player}_W{layer}"] = (std * rng.standard_normal((fan_in, fan_out))
                                                 ).astype(self.dtype)
            self.params[f"{player}_b{layer}"] = np.zeros(fan_out, dtype=self.dtype)
        self.d_optimizer, self.g_optimizer = self._optimizer("D"), self._optimizer("G")
        # the optimizers update their own copies in place: params names those
        self.params = {**self.g_optimizer.params, **self.d_optimizer.params}

    def _optimizer(self, player):
        """The optimizer of one player's parameters (the optimizers pair's NumPy ones)."""
        params = {name: value for name, value in self.params.items() if name[0] == player}
        if self.optimizer == "adam":
            return Adam(params, lr=self.lr, betas=BETAS)
        return SGD(params, lr=self.lr)

    def state_dict(self):
        """The parameters by name (G_W1, G_b1, G_W2, G_b2, D_W1, ..., D_b2), as copies."""
        return {name: value.copy() for name, value in self.params.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`), in place: the optimizers
        hold them."""
        check_state(state, {name: value.shape for name, value in self.params.items()})
        for name, value in self.params.items():
            value[...] = np.asarray(state[name], dtype=self.dtype)

    def _mlp(self, player, inputs):
        """(cache, output) of a player's network: output = f(inputs W_1 + b_1) W_2 + b_2."""
        p = self.params
        Z = inputs @ p[f"{player}_W1"] + p[f"{player}_b1"]      # (N, H)
        A = activate(self.activation, Z)
        return (inputs, Z, A), A @ p[f"{player}_W2"] + p[f"{player}_b2"]

    def _mlp_backward(self, player, cache, d_output):
        """({name: gradient} of a player's parameters, d inputs) from dL/d output."""
        inputs, Z, A = cache
        p = self.params
        dZ = d_output @ p[f"{player}_W2"].T * activation_grad(self.activation, Z, A)  # dA f'
        grads = {f"{player}_W1": inputs.T @ dZ,                  # Z = inputs W_1 + b_1
                 f"{player}_b1": dZ.sum(axis=0),
                 f"{player}_W2": A.T @ d_output,                # output = A W_2 + b_2
                 f"{player}_b2": d_output.sum(axis=0)}
        return grads, dZ @ p[f"{player}_W1"].T                  # d inputs = dZ W_1^T

    def forward(self, X):
        """The discriminator's logits s(X) (N,) for X (N, D)."""
        return self._mlp("D", X)[1][:, 0]

    def _generate(self, z):
        """G(z) (N, D) for the noise z (N, L)."""
        return self._mlp("G", z)[1]

    def discriminator_loss(self, X, z):
        """L_D: -mean log D(X) - mean log(1 - D(G(z)))."""
        return (np.mean(softplus(-self.forward(X)))
                + np.mean(softplus(self.forward(self._generate(z)))))

    def generator_loss(self, X, z):
        """L_G: -mean log D(G(z)), the non-saturating loss (X is not used)."""
        return np.mean(softplus(-self.forward(self._generate(z))))

    def loss(self, X, z):
        """L_D + L_G, the two players' losses together."""
        return self.discriminator_loss(X, z) + self.generator_loss(X, z)

    def _discriminator_gradients(self, X, z, input_grad=False):
        """L_D and its gradient w.r.t. D's parameters (and X, with input_grad)."""
        real_cache, s_real = self._mlp("D", X)                   # (N, 1)
        fake_cache, s_fake = self._mlp("D", self._generate(z))  # G(z) a constant here
        loss = np.mean(softplus(-s_real)) + np.mean(softplus(s_fake))
        grads, dX = self._mlp_backward("D", real_cache, (sigmoid(s_real) - 1) / len(X))
        fake_grads, _ = self._mlp_backward("D", fake_cache, sigmoid(s_fake) / len(z))
        grads = {name: grads[name] + fake_grads[name] for name in grads}  # both terms' sum
        if input_grad:
            grads["X"] = dX                                     # dL_D/dX  (N, D)
        return loss, grads

    def _generator_gradients(self, z):
        """L_G and its gradient w.r.t. G's parameters, through D (whose own gradient is not
        kept: D does not minimize L_G)."""
        N = len(z)
        G_cache, fake = self._mlp("G", z)                       # (N, D)
        D_cache, s_fake = self._mlp("D", fake)
        loss = np.mean(softplus(-s_fake))
        _, d_fake = self._mlp_backward("D", D_cache, (sigmoid(s_fake) - 1) / N)  # dL_G/dG(z)
        grads, _ = self._mlp_backward("G", G_cache, d_fake)
        return loss, grads

    def gradients(self, X, z, input_grad=False, players="DG"):
        """The loss of the named players ("D", "G" or both: L_D + L_G) and each of their
        parameters' gradient of its own player's loss, derived by hand, at the current
        parameters; with input_grad, dL_D/dX too (parity checks it; training never needs it)."""
        check_hyperparameter("players", players, Options("D", "G", "DG"))
        loss, grads = 0.0, {}
        if "G" in players:
            loss, grads = self._generator_gradients(z)
        if "D" in players:                                      # only L_D reads X
            loss_D, grads_D = self._discriminator_gradients(X, z, input_grad)
            loss, grads = loss + loss_D, {**grads, **grads_D}
        return loss, grads

    def step(self, X, z):
        """One round of the game on the batch X with its noise z: a step of D on L_D, then one
        of G on L_G through the updated D. Returns L_D + L_G, each before its step."""
        loss_D, grads = self.gradients(X, z, players="D")
        self.d_optimizer.step(grads)                            # D's step on dL_D/dtheta_D
        loss_G, grads = self.gradients(X, z, players="G")
        self.g_optimizer.step(grads)                            # G's step on dL_G/dtheta_G
        return loss_D + loss_G

    def fit(self, X, z=None, batches=None):
        """Train on X (N, D): one round per index array in `batches` (default: drawn from
        seed). z (N, L) is each sample's noise at every visit (parity shares it so); None
        draws fresh noise at every step from `seed`, as a GAN trains."""
        if z is None:
            X = check_X(X, dtype=self.dtype, n_features=self.n_features)
            z = StandardNormal(len(X), self.latent, self.seed, self.dtype)
        else:
            X, z = check_X_noise(X, z, dtype=self.dtype, n_features=self.n_features,
                                 n_latent=self.latent, name="z")
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, X, z, batches)
        return self

    def predict_proba(self, X):
        """D(X) (N,): the discriminator's probability that each row of X is real."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        return sigmoid(self.forward(X))

    def predict(self, X):
        """D(X) (N,), as predict_proba: what a GAN says about a sample is how real it looks."""
        return self.predict_proba(X)

    def sample(self, n_samples, seed=0):
        """n_samples generated points G(z) (n_samples, D), z ~ N(0, I) drawn by NumPy's
        generator from seed (the same draws on both sides)."""
        check_hyperparameter("n_samples", n_samples, Integer(low=1))
        check_hyperparameter("seed", seed, SEED)
        return self.generate(np.random.default_rng(seed).standard_normal((n_samples,
                                                                           self.latent)))

    def generate(self, z):
        """G(z) (N, D) for latent points z (N, L)."""
        return self._generate(check_latent(z, dtype=self.dtype, n_latent=self.latent))
