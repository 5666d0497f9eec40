"""Attention: scaled dot-product attention (causal and padding masks), multi-head self-attention."""
