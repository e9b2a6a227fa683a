"""Benchmarks for `make bench`: figures, never pass/fail."""

from bench import quality

quality.main([])
