"""k-nearest neighbours: classification by vote and regression by average, brute force."""
