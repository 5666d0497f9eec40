"""Agglomerative clustering: merge the closest two clusters until k remain."""
