"""t-SNE, the exact method: an embedding that keeps each point's neighbours."""
