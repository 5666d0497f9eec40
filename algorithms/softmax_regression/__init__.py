"""Softmax regression: multinomial logistic regression, K classes, trained on cross-entropy."""
