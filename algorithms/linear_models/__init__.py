"""Ridge, lasso and elastic net: penalized least squares, closed form or coordinate descent."""
