"""What parity checks for vae."""

import data
from parity.kinds import GradientSpec
from parity.tolerances import Tolerance

LATENT = 2

SPEC = GradientSpec(
    model="VAE",
    # scikit-learn's bundled 8x8 digits: 1797 images, 64 pixels in [0, 1]
    data=lambda rng: (X := data.digits()[0], rng.standard_normal((len(X), LATENT))),
    # the second input is the reparameterization's noise eps (N, L), shared by both sides
    targets=lambda rng, n_samples: rng.standard_normal((n_samples, LATENT)),
    target_name="eps",
    # the Gaussian likelihood takes any real X, as the battery's problems are
    hyperparams={"hidden": 32, "latent": LATENT, "likelihood": "gaussian", "lr": 0.002},
    # He (relu) or Xavier (tanh) weights, drawn by the scratch model from a seed the parity
    # generator gives it, then loaded into both sides
    init="scratch",
    variants={"gaussian_relu": {}, "gaussian_tanh": {"activation": "tanh"},
              "bernoulli_relu": {"likelihood": "bernoulli"}},
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    tolerances={("gradients", "float32"): Tolerance(
        rtol=2.6e-6, atol=2e-5,
        reason="float32: under the Gaussian likelihood each weight gradient sums squared-error "
               "terms of 64 pixels over 1797 images, of both signs, each side in its own "
               "order; over seeds 0-9 they reach 1.4x the default float32 tolerance "
               "(python -m parity seeds), so twice it")},
    battery_opt_outs={
        "separable": "eps is noise, not a target: there are no classes to pull apart",
        "extreme_values": "features of 1e4 and more with unit-scale weights put logvar in the "
                          "thousands: the ELBO's exp(logvar) is then past every float, an "
                          "infinite loss on both sides, with nothing finite to agree on",
    },
)
