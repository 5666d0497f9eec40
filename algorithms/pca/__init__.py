"""Principal component analysis: the SVD of the centred data, or the covariance's eigenvectors."""
