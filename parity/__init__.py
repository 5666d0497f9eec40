"""The parity harness: seeds both sides of a pair identically and proves they agree.

Modules, by job: seeding, tolerances, compare, spec, registry, checks, runner, report,
battery, cli, scaffold.
"""
