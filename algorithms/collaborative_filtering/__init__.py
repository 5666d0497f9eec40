"""User-based collaborative filtering: ratings predicted from the most similar users."""
