"""AdaBoost (SAMME), twice."""
