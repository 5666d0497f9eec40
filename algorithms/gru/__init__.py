"""Gated recurrent unit: a reset and an update gate over one state, trained through time."""
