"""Recurrent network: a tanh RNN read over a sequence, trained by backpropagation through time."""
