"""Linear regression: least squares fitted by gradient descent on the mean squared error."""
