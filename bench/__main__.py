"""Benchmarks for `make bench`: figures, never pass/fail."""

import sys

from bench import clusters, quality, search, speed

quality.main([])
clusters.main()
sys.argv = [sys.argv[0]]  # the speed benchmark's defaults: 20,000 pages, one worker per core
speed.main()
search.main()  # the first run builds its index of 100,000 articles (several minutes)
