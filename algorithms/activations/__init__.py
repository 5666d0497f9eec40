"""Activation functions and their derivatives: sigmoid, tanh, ReLU, leaky ReLU, GELU, softmax."""
