"""Linear and quadratic discriminant analysis: a Gaussian per class, then Bayes' rule."""
