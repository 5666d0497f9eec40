"""The perceptron: Rosenblatt's mistake-driven linear classifier."""
