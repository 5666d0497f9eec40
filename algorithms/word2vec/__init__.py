"""word2vec: skip-gram with negative sampling, word vectors that tell contexts from noise."""
