"""Benchmarks of every pair's hot loops: NumPy against the framework on CPU and CUDA."""
