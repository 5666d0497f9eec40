"""Initialization: Xavier, Kaiming and orthogonal weights, with torch.nn.init's fans and gains."""
