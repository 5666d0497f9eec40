"""Gradient boosting: regression trees fitted one after another to the loss's negative gradient."""
