"""What parity checks for gan."""

import numpy as np

from parity.kinds import GradientSpec

LATENT = 2


def ring(rng, n_samples=256, modes=8, radius=2.0, std=0.05):
    """X (n_samples, 2): a ring of `modes` Gaussians, the 2-D toy GANs are first tried on."""
    angles = 2 * np.pi * rng.integers(0, modes, n_samples) / modes
    centres = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return centres + std * rng.standard_normal((n_samples, 2))


SPEC = GradientSpec(
    model="GAN",
    data=lambda rng: (X := ring(rng), rng.standard_normal((len(X), LATENT))),
    # the second input is the generator's noise z (N, L), shared by both sides
    targets=lambda rng, n_samples: rng.standard_normal((n_samples, LATENT)),
    target_name="z",
    # each parameter's gradient is of its own player's loss (X's is of L_D + L_G, the model's
    # loss: L_G does not read X)
    player_losses={"D_": "discriminator_loss", "G_": "generator_loss"},
    hyperparams={"hidden": 32, "latent": LATENT, "lr": 0.05},
    # He (relu) or Xavier (tanh) weights, drawn by the scratch model from a seed the parity
    # generator gives it, then loaded into both sides
    init="scratch",
    variants={"relu": {}, "tanh": {"activation": "tanh"},
              "adam": {"optimizer": "adam", "lr": 0.001}},
    checks=("forward", "gradients", "finite_differences", "trajectory", "fit"),
    battery_opt_outs={
        "separable": "z is noise, not a target: there are no classes to pull apart",
        "huge_values": "from features of about 1e150 on, D's first step sends its weights so "
                       "far that G's logits overflow to +inf, where -log sigmoid(+inf) is 0 in "
                       "NumPy's softplus but NaN in torch's BCEWithLogits (its (1 - y) x term "
                       "is 0 * inf): NumPy may train on to a finite loss where torch stops "
                       "with TrainingDiverged, or both stop a step apart",
    },
)
