"""Logistic regression: a linear model of the log-odds, fitted on binary cross-entropy."""
