"""seq2seq_transformer: the encoder-decoder transformer of "Attention Is All You Need"."""
