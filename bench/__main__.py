"""Benchmarks for `make bench`: figures, never pass/fail."""

print("no benchmarks yet")
