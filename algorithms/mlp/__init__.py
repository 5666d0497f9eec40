"""Multi-layer perceptron: stacked linear layers and nonlinearities, trained by backpropagation."""
