"""Gaussian mixtures fitted by expectation-maximization."""
