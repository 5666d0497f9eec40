"""Activation functions and their derivatives: sigmoid, tanh, softplus, ReLU, GELU, softmax."""
