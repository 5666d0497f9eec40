"""CART decision trees: classification (Gini, entropy) and regression (squared error)."""
