"""Long short-term memory: gated recurrence (input, forget, cell, output), trained through time."""
