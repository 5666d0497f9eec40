"""A character-level language model: a tanh RNN predicting the next character at every step."""
