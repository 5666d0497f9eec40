"""Optimizers: SGD (momentum, Nesterov), RMSprop, Adam and AdamW, step by step as torch.optim."""
