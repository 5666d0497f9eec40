"""Classification and regression metrics: accuracy, precision/recall/F, ROC AUC, log loss, R^2."""
