"""DBSCAN: density-based clustering, clusters grown from core points, noise left out."""
