"""The parity harness: seeds both sides of a pair identically and proves they agree.

Modules, by job: kinds (one per kind of pair: its spec, problems, checks, battery rules,
benchmark loops), registry (finds the pairs), runner (cases and their results), compare and
tolerances, seeding, battery, report (the tables), diff and site (reading the two files side
by side), plots, scaffold and cli (python -m parity).
"""
