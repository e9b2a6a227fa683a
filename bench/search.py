"""Search speed at archive scale: the full search page over a generated index of 100,000 articles.

    python -m bench.search [--count 100000] [--queries 200]

The index is built once (bench/generate.py's articles as JSON Lines, imported as ingest.py
does, then merged into one segment as `ingest.py --optimize` does) into bench/out/ and
reused. Each query renders the whole page through the Flask app: query, every facet count,
the timeline and 10 highlighted snippets.
"""

import argparse
import random
import statistics
import time
from pathlib import Path

from app import create_app
from bench.generate import COUNTRIES, FIRST, LAST, VERSION, generate
from index import open_index, optimize
from pipeline import ImportJob, run_import

OUT = Path(__file__).parent / "out"
PAGE = 10  # hits on the page, each with a highlighted snippet, as the target is defined
WORDS = ["shelling", "ceasefire", "talks", "convoys", "negotiations", "sanctions", "troops", "civilians",
         "border", "capital", "fighting", "election", "diplomats", "aid", "attack", "withdrawal", "exports",
         "combats", "frontera", "Verhandlungen", "переговоры", "checkpoints", "delegation", "residents"]  # fmt: skip
PHRASES = ['"safe passage"', '"ceasefire depended"', '"closed doors"', '"local officials"', '"third day"',
           '"aid convoys"', '"fled their homes"', '"independently verified"']  # fmt: skip
FILTERS = ["country=AM", "country=SD&country=UA", "lang=fr", "lang=en&-country=RU", "actor_type=igo",
           "from=2010-01-01&to=2015-12-31", "sort=newest", "date=undated"]  # fmt: skip


def index_of(count: int) -> Path:
    """Return the folder of a generated index of `count` articles, building it if needed."""
    index_dir = OUT / f"search-index-{count}-v{VERSION}"
    complete = OUT / f"search-index-{count}-v{VERSION}.complete"
    if not complete.exists():
        source = OUT / f"records-{count}-v{VERSION}"
        generate(source, count, seed=7, fmt="jsonl")
        started = time.perf_counter()
        report = run_import(ImportJob((source,), "bench"), index_dir)
        print(f"built the index of {count:,} articles in {time.perf_counter() - started:,.0f} s ({report.new:,} new)")
        started = time.perf_counter()
        optimize(open_index(index_dir))  # as `ingest.py --optimize` after a big import
        print(f"merged it into one segment in {time.perf_counter() - started:,.0f} s")
        complete.touch()
    return index_dir


def query_mix(n: int, seed: int = 3) -> list[tuple[str, str]]:
    """A fixed mix of (type, query string) pairs."""
    rng = random.Random(seed)
    names = [*FIRST, *LAST, *COUNTRIES["en"]]
    kinds = {
        "word": lambda: f"q={rng.choice(WORDS + names)}",
        "two words": lambda: f"q={rng.choice(WORDS)} {rng.choice(WORDS + names)}",
        "or": lambda: f"q={rng.choice(names)} OR {rng.choice(names)}",
        "phrase": lambda: f"q={rng.choice(PHRASES)}",
        "filtered": lambda: f"q={rng.choice(WORDS)}&{rng.choice(FILTERS)}",
        "filters only": lambda: rng.choice(FILTERS),
    }
    return [(kind, kinds[kind]()) for kind in (rng.choice(list(kinds)) for _ in range(n))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    index_dir = index_of(args.count)
    size = sum(f.stat().st_size for f in index_dir.iterdir() if f.is_file()) / 2**20
    client = create_app({"INDEX_DIR": index_dir}).test_client()
    mix = query_mix(args.queries)
    client.get("/?" + mix[0][1])  # opens the searcher, as the first request after start does
    timings: dict[str, list[float]] = {}
    for kind, query in mix:
        started = time.perf_counter()
        response = client.get(f"/?{query}&per_page={PAGE}")
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
    print(f"search page, {args.count:,} articles ({size:,.0f} MB index), {len(mix)} queries:")
    everything = [t for times in timings.values() for t in times]
    for kind, times in [*timings.items(), ("all", everything)]:
        times.sort()
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"  {kind:<13} n={len(times):<4} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
              f"max {times[-1]:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
