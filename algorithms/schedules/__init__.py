"""Learning-rate schedules and gradient clipping, twice."""
