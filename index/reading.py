"""One searcher per thread, reused from search to search and replaced when a commit lands."""

import threading
import time
import weakref

from whoosh.index import Index
from whoosh.searching import Searcher

OPEN_ATTEMPTS = 5
_local = threading.local()


def current_searcher(ix: Index) -> Searcher:
    """Return this thread's searcher on `ix`, opened anew only when the index has changed.

    Reusing it keeps segment files and caches open between requests; a thread of its own
    keeps Whoosh's unsynchronised caches out of other threads' way.
    """
    searchers = _local.__dict__.setdefault("searchers", weakref.WeakKeyDictionary())
    searcher = searchers.get(ix)
    if searcher is None or not searcher.up_to_date():
        if searcher is not None:
            searcher.close()
        searcher = searchers[ix] = open_searcher(ix)
    return searcher


def open_searcher(ix: Index) -> Searcher:
    # A commit that merges segments deletes the old files: a searcher opened at that very
    # moment can read the old table of contents and miss a file. Reading it again is enough.
    for attempt in range(1, OPEN_ATTEMPTS):
        try:
            return ix.searcher()
        except FileNotFoundError:
            time.sleep(0.01 * attempt)
    return ix.searcher()
