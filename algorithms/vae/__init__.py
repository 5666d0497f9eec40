"""A variational autoencoder: an encoder to a Gaussian over z, a decoder back, on the ELBO."""
