"""Benchmarks: run them from the project root, e.g. ``python -m bench.hook_speed``."""
