"""A variational autoencoder trained by SGD on the negative ELBO, in PyTorch.

Shapes: N samples, D features (pixels), H hidden units, L latent dimensions.

    encoder    nn.Linear(D, H), f, then two heads nn.Linear(H, L): mu and logvar
    reparam.   z = mu + exp(logvar / 2) * eps        eps (N, L) given: the same noise as NumPy's
    decoder    nn.Linear(L, H), f, nn.Linear(H, D): logits (Bernoulli) or the mean (Gaussian)
    loss       F.binary_cross_entropy_with_logits(O, X, reduction="sum") / N, or
               F.gaussian_nll_loss(O, X, var=1, full=True, reduction="sum") / N,
               + -1/2 sum(1 + logvar - mu^2 - exp(logvar)) / N      the KL, closed form
    backward   loss.backward()                       autograd, through z into mu and logvar
    update     optimizer.step()                      torch.optim.SGD: p <- p - lr p.grad

torch.distributions' Normal(mu, sigma).rsample() is the same reparameterization with torch's own
draw; here eps comes from outside so that both sides see the same noise. The KL is written from
logvar, as PyTorch's VAE example does: kl_divergence(Normal(mu, sigma), Normal(0, 1)) agrees,
but takes log(sigma^2) of sigma = exp(logvar / 2), which underflows to log 0 for logvar below
about -1490 (float64) or -180 (float32). The parameters are exposed under the scratch names
(W_enc, b_enc, ...; W as (fan_in, fan_out)).
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
from algorithms._model_checks import check_bernoulli_data
from algorithms._params import (
    SEED,
    TRAINING,
    Integer,
    Options,
    check_hyperparameter,
    set_hyperparameters,
)
from algorithms._torch import to_tensor, torch_dtype

LIKELIHOODS = ("bernoulli", "gaussian")
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


def reconstruction_loss(likelihood, X, O):
    """sum_i R_i = -sum_i log p(x_i | z_i), from the decoder's output O (N, D): Bernoulli
    pixels with logits O, or N(O, I) (torch's losses, summed)."""
    if likelihood == "bernoulli":
        return F.binary_cross_entropy_with_logits(O, X, reduction="sum")
    return F.gaussian_nll_loss(O, X, torch.ones_like(O), full=True, reduction="sum")


def kl_to_prior(mu, logvar):
    """sum_i KL(N(mu_i, diag exp(logvar_i)) || N(0, I)), in closed form, as PyTorch's VAE
    example writes it (torch.distributions.kl_divergence gives the same: a test checks)."""
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())


class VAE(nn.Module):
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
    seed : int, seeds the initial weights (torch's generator), the mini-batch order and
        `fit`'s noise (NumPy's generator, as the scratch side).
    dtype : float32 or float64, the precision of parameters and arithmetic.
    device : where the parameters live and the arithmetic runs ("cpu", "cuda").
    """

    hyperparameters = {"n_features": Integer(low=1), "hidden": Integer(low=1),
                       "latent": Integer(low=1), "likelihood": Options(*LIKELIHOODS),
                       "activation": Options(*ACTIVATIONS), **TRAINING}

    def __init__(self, n_features, hidden=32, latent=2, likelihood="bernoulli",
                 activation="relu", lr=0.01, epochs=100, batch_size=None, seed=0,
                 dtype=np.float64, device="cpu"):
        super().__init__()
        set_hyperparameters(self, locals())
        self.device = torch.device(device)
        generator = torch.Generator().manual_seed(seed)
        D, H, L = n_features, hidden, latent

        def linear(fan_in, fan_out):
            layer = nn.Linear(fan_in, fan_out, dtype=torch_dtype(dtype))
            if activation == "relu":
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu", generator=generator)
            else:
                nn.init.xavier_normal_(layer.weight, generator=generator)
            nn.init.zeros_(layer.bias)
            return layer

        self.layers = nn.ModuleDict({"enc": linear(D, H), "mu": linear(H, L),
                                     "logvar": linear(H, L), "dec": linear(L, H),
                                     "out": linear(H, D)})
        self.to(device)
        self.f = ACTIVATIONS[activation]()
        self.optimizer = torch.optim.SGD(self.parameters(), lr=lr)

    def state_dict(self):
        """The parameters by name (W_enc, b_enc, ..., W_out, b_out), as detached copies."""
        params = {}
        for name, layer in self.layers.items():
            params[f"W_{name}"] = layer.weight.detach().T.clone()     # (fan_in, fan_out)
            params[f"b_{name}"] = layer.bias.detach().clone()
        return params

    def load_state_dict(self, state):
        """Load parameters by name (the shapes of `state_dict`)."""
        check_state(state, {name: value.shape for name, value in self.state_dict().items()})
        with torch.no_grad():
            for name, layer in self.layers.items():
                layer.weight.copy_(to_tensor(state[f"W_{name}"], self.device).T)
                layer.bias.copy_(to_tensor(state[f"b_{name}"], self.device))

    def _encode(self, X):
        """(mu, logvar), (N, L) each, for X (N, D)."""
        A_e = self.f(self.layers["enc"](X))                           # (N, H)
        return self.layers["mu"](A_e), self.layers["logvar"](A_e)

    def _decode(self, z):
        """O (N, D) for z (N, L): the logits (Bernoulli) or the mean (Gaussian)."""
        return self.layers["out"](self.f(self.layers["dec"](z)))

    def forward(self, X, eps=None):
        """The decoder's output O (N, D) at z = mu + sigma eps (eps None: z = mu)."""
        mu, logvar = self._encode(X)
        return self._decode(mu if eps is None else mu + torch.exp(logvar / 2) * eps)

    def _loss(self, X, O, mu, logvar):
        """The negative ELBO, 1/N sum_i (R_i + KL_i), from the decoder's output and q(z|x)."""
        return (reconstruction_loss(self.likelihood, X, O) + kl_to_prior(mu, logvar)) / len(X)

    def loss(self, X, eps):
        """The negative ELBO of X (N, D) with the noise eps (N, L)."""
        mu, logvar = self._encode(X)
        O = self._decode(mu + torch.exp(logvar / 2) * eps)            # the reparameterization
        return self._loss(X, O, mu, logvar)

    def gradients(self, X, eps, input_grad=False):
        """The negative ELBO and its gradient w.r.t. every parameter, by autograd; with
        input_grad, w.r.t. the input X too (parity checks it; training never needs it)."""
        if input_grad:
            X = X.detach().requires_grad_()                           # autograd tracks X too
        self.optimizer.zero_grad()
        loss = self.loss(X, eps)
        loss.backward()                                               # autograd: the ELBO's
        grads = {}
        for name, layer in self.layers.items():
            grads[f"W_{name}"] = layer.weight.grad.T
            grads[f"b_{name}"] = layer.bias.grad
        if input_grad:
            grads["X"] = X.grad
        return loss.detach(), grads

    def step(self, X, eps):
        """One SGD step on the batch X with its noise eps; returns the loss before the step."""
        loss, _ = self.gradients(X, eps)                              # fills p.grad
        self.optimizer.step()                                         # p <- p - lr p.grad
        return loss

    def fit(self, X, eps=None, batches=None):
        """Train on X (N, D): one step per index array in `batches` (default: drawn from seed).
        eps (N, L) is each sample's noise at every visit (parity shares it so); None draws
        fresh noise at every step from `seed`, as a VAE trains."""
        if eps is None:
            X = check_X(X, dtype=self.dtype, n_features=self.n_features)
            eps = StandardNormal(len(X), self.latent, self.seed, self.dtype,
                                 convert=lambda draw: to_tensor(draw, self.device))
        else:
            X, eps = check_X_noise(X, eps, dtype=self.dtype, n_features=self.n_features,
                                   n_latent=self.latent)
            eps = to_tensor(eps, self.device)
        check_bernoulli_data(X, self.likelihood)
        if batches is None:
            batches = minibatches(len(X), self.batch_size, self.epochs, self.seed)
        batches = check_batches(batches, len(X))
        self.loss_history_ = train(self.step, to_tensor(X, self.device), eps, batches)
        return self

    def encode(self, X):
        """q(z|x): the means mu (N, L) and log-variances logvar (N, L) of X (N, D)."""
        X = check_X(X, dtype=self.dtype, n_features=self.n_features)
        with torch.no_grad():
            return tuple(t.cpu().numpy() for t in self._encode(to_tensor(X, self.device)))

    def decode(self, z):
        """The mean of p(x|z) (N, D) for latent points z (N, L): sigmoid(O), or O."""
        z = check_latent(z, dtype=self.dtype, n_latent=self.latent)
        with torch.no_grad():
            O = self._decode(to_tensor(z, self.device))
            return (torch.sigmoid(O) if self.likelihood == "bernoulli" else O).cpu().numpy()

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
