"""Data-parallel SGD: the global batch split across workers, gradients averaged by an all-reduce."""
