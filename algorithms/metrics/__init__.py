"""Classification and regression metrics: accuracy to kappa, PR and ROC curves, calibration."""
