"""Normalization layers and dropout: batch norm (train and eval), layer norm, inverted dropout."""
