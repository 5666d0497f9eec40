"""A generative adversarial network: two MLPs in a game, trained by alternating steps,
in PyTorch.

Shapes: N samples, D features, H hidden units, L latent dimensions.

    generator      nn.Sequential(nn.Linear(L, H), f, nn.Linear(H, D))      z (N, L) -> (N, D)
    discriminator  nn.Sequential(nn.Linear(D, H), f, nn.Linear(H, 1))      x -> logits (N, 1)
    losses         L_D = BCEWithLogits(s(x), 1) + BCEWithLogits(s(G(z).detach()), 0)
                   L_G = BCEWithLogits(s(G(z)), 1)                  the non-saturating loss
    a step         d_optimizer.zero_grad(); L_D.backward(); d_optimizer.step(), then
                   g_optimizer.zero_grad(); L_G.backward(); g_optimizer.step()
                   torch.optim.SGD, or torch.optim.Adam(betas=(0.5, 0.999)) as DCGAN

As in PyTorch's DCGAN tutorial: .detach() keeps L_D's backward out of G; L_G's backward runs
through D too and leaves gradients in D's .grad, which d_optimizer.zero_grad() clears before
D's next step (each optimizer holds one player's parameters only). The parameters are exposed
under the scratch names (G_W1, ...; W as (fan_in, fan_out)).
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

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
from algorithms._torch import to_tensor, torch_dtype

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}
BETAS = (0.5, 0.999)        # DCGAN's Adam: a short memory for the first moment


class GAN(nn.Module):
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
    seed : int, seeds the initial weights (torch's generator), the mini-batch order and
        `fit`'s noise (NumPy's generator, as the scratch side).
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Integer(low=1),
                       "latent": Integer(low=1), "activation": Options(*ACTIVATIONS),
                       "optimizer": Options("sgd", "adam"), **TRAINING}

    def __init__(self, n_features, hidden=32, latent=2, activation="relu", optimizer="sgd",
                 lr=0.05, epochs=100, batch_size=None, seed=0, dtype=np.float64,
                 device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        generator = torch.Generator().manual_seed(seed)

        def mlp(fan_in, fan_out):
            layers = nn.Sequential(nn.Linear(fan_in, hidden, dtype=torch_dtype(dtype)),
                                   ACTIVATIONS[activation](),
                                   nn.Linear(hidden, fan_out, dtype=torch_dtype(dtype)))
            for layer in (layers[0], layers[2]):
                if activation == "relu":
                    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu",
                                            generator=generator)
                else:
                    nn.init.xavier_normal_(layer.weight, generator=generator)
                nn.init.zeros_(layer.bias)
            return layers

        self.generator = mlp(latent, n_features)
        self.discriminator = mlp(n_features, 1)
        self.to(device)
        self.d_optimizer = self._optimizer(self.discriminator)
        self.g_optimizer = self._optimizer(self.generator)

    def _optimizer(self, network):
        """The optimizer of one player's parameters."""
        if self.optimizer == "adam":
            return torch.optim.Adam(network.parameters(), lr=self.lr, betas=BETAS)
        return torch.optim.SGD(network.parameters(), lr=self.lr)

    def _named(self, player):
        """{scratch name: torch parameter} of a player ("G" or "D"): W_l is stored transposed,
        as nn.Linear's weight (fan_out, fan_in)."""
        network = self.generator if player == "G" else self.discriminator
        named = {}
        for layer, linear in (("1", network[0]), ("2", network[2])):
            named[f"{player}_W{layer}"], named[f"{player}_b{layer}"] = linear.weight, linear.bias
        return named

    def state_dict(self):
        """The parameters by name (G_W1, G_b1, G_W2, G_b2, D_W1, ..., D_b2), as detached
        copies, W as (fan_in, fan_out)."""
        named = {**self._named("G"), **self._named("D")}
        return {name: (value.T if "_W" in name else value).detach().clone()
                for name, value in named.items()}

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for name, value in {**self._named("G"), **self._named("D")}.items():
                given = to_tensor(state[name], self.device)
                value.copy_(given.T if "_W" in name else given)

    def forward(self, X):
        """The discriminator's logits s(X) (N,) for X (N, D)."""
        return self.discriminator(X)[:, 0]

    def _generate(self, z):
        """G(z) (N, D) for the noise z (N, L)."""
        return self.generator(z)

    def discriminator_loss(self, X, z):
        """L_D: -mean log D(X) - mean log(1 - D(G(z))), with G(z) detached."""
        real, fake = self(X), self(self._generate(z).detach())
        return (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake)))

    def generator_loss(self, X, z):
        """L_G: -mean log D(G(z)), the non-saturating loss (X is not used)."""
        fake = self(self._generate(z))
        return F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))

    def loss(self, X, z):
        """L_D + L_G, the two players' losses together."""
        return self.discriminator_loss(X, z) + self.generator_loss(X, z)

    def gradients(self, X, z, input_grad=False, players="DG"):
        """The loss of the named players ("D", "G" or both: L_D + L_G) and each of their
        parameters' gradient of its own player's loss, by autograd, at the current parameters;
        with input_grad, dL_D/dX too (parity checks it; training never needs it). G goes
        first: L_G's backward leaves gradients in D's .grad too, which D's zero_grad clears."""
        check_hyperparameter("players", players, Options("D", "G", "DG"))
        input_grad = input_grad and "D" in players                # only L_D reads X
        if input_grad:
            X = X.detach().requires_grad_()                     # autograd tracks X too
        loss, grads = 0.0, {}
        for player, optimizer, player_loss in (
                ("G", self.g_optimizer, self.generator_loss),
                ("D", self.d_optimizer, self.discriminator_loss)):
            if player in players:
                optimizer.zero_grad()
                this_loss = player_loss(X, z)
                this_loss.backward()                            # autograd: p.grad
                loss = loss + this_loss.detach()
                grads.update({name: (value.grad.T if "_W" in name else value.grad).clone()
                              for name, value in self._named(player).items()})  # copies:
                # the next backward adds into .grad (L_G's into D's)
        if input_grad:
            grads["X"] = X.grad                                 # dL_D/dX  (N, D)
        return loss, grads

    def step(self, X, z):
        """One round of the game on the batch X with its noise z: a step of D on L_D, then one
        of G on L_G through the updated D. Returns L_D + L_G, each before its step."""
        loss_D, _ = self.gradients(X, z, players="D")           # fills D's p.grad
        self.d_optimizer.step()                                 # D's step on p.grad
        loss_G, _ = self.gradients(X, z, players="G")           # fills G's (and D's) p.grad
        self.g_optimizer.step()                                 # G's parameters only
        return loss_D + loss_G

    def fit(self, X, z=None, batches=None):
        """Train on X (N, D): one round per index array in `batches` (default: drawn from
        seed). z (N, L) is each sample's noise at every visit (parity shares it so); None
        draws fresh noise at every step from `seed`, as a GAN trains."""
        if z is None:
            X = check_X(X, dtype=self.dtype, n_features=self.n_features)
            z = StandardNormal(len(X), self.latent, self.seed, self.dtype,
                               convert=lambda draw: to_tensor(draw, self.device))
        else:
            X, z = check_X_noise(X, z, dtype=self.dtype, n_features=self.n_features,
                                 n_latent=self.latent, name="z")
            z = to_tensor(z, self.device)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, to_tensor(X, self.device), z, batches)
        return self

    def predict_proba(self, X):
        """D(X) (N,): the discriminator's probability that each row of X is real."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return torch.sigmoid(self(to_tensor(X, self.device))).cpu().numpy()

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
        """G(z) (N, D) for latent points z (N, L), as a NumPy array."""
        z = check_latent(z, dtype=self.dtype, n_latent=self.latent)
        with torch.no_grad():
            return self._generate(to_tensor(z, self.device)).cpu().numpy()
