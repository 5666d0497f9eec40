"""Polynomial regression: polynomial feature expansion, then least squares."""
