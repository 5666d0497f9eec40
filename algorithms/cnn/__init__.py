"""A LeNet-style convolutional network, by hand in NumPy and as a torch nn.Module."""
