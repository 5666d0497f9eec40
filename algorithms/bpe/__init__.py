"""Byte-pair encoding: a vocabulary of byte strings learned by merging the most frequent pair."""
