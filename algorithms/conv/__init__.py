"""Convolution and pooling: 2-D convolution (stride, padding, dilation), max and average pooling."""
