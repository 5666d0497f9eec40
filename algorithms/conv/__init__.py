"""Convolution and pooling: 1-D and 2-D convolution (stride, padding, dilation), max and average
pooling."""
