"""A generative adversarial network: a generator and a discriminator trained in a game."""
