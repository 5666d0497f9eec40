"""A small GPT: embeddings, sinusoidal positions, pre-norm causal blocks, a language model."""
