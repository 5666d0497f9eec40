"""Random forests: bagged decision trees that each search a random subset of features."""
