"""Benchmarks (see bench/README.md); run them with ``make bench``."""
