"""Non-negative matrix factorization: X ≈ W H with W, H >= 0, by multiplicative updates."""
