"""Loss functions and their gradients: MSE, binary and categorical cross-entropy, hinge."""
