"""Gaussian naive Bayes: per-class feature means and variances, combined by Bayes' rule."""
