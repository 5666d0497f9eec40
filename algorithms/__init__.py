"""The pairs: each folder holds one algorithm written twice, in NumPy and with its framework."""
