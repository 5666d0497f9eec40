"""k-means clustering: Lloyd's algorithm with k-means++ initialization."""
