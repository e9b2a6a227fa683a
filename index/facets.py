"""Facet counts with arrays: every document's facet values read once per segment, counted with numpy.

Counting by walking postings costs a Python step per matching document and facet; at 100,000
articles that is most of a search. Instead each facet field of each segment is read once into
two arrays, (document number, value code); segments never change once written, so an import's
commit only adds the new ones. A search's matches become a boolean mask over document numbers:
a facet's counts are then one bincount, and the number of stories one unique().
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.index import Index
from whoosh.searching import Searcher

from index.caching import LRUCache
from index.postings import Matches, matches
from index.schema import ACTOR_TYPE_SEPARATOR, FACETS

FACET_FIELDS = tuple(sorted({facet.count_field for facet in FACETS.values()} | {"source"}))
SORT_COLUMNS = ("published", "imported")
CACHED_SEGMENTS = 1_000  # segments of the newest generations; a merge replaces many by one
CACHED_TABLES = 4  # index generations kept: the newest, and those still read by open searchers
CACHED_MATCHES = 64  # query results kept per table (500 kB each at 100,000 articles)


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    group: str = ""  # the actor's type, for the actor facet

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, **({"type": self.group} if self.group else {})}


@dataclass(frozen=True)
class FieldValues:
    names: np.ndarray  # value code -> value (sorted)
    docnums: np.ndarray  # one entry per (document, value) pair
    codes: np.ndarray


@dataclass(frozen=True)
class SegmentValues:
    """What one segment holds for facets, sorting and clusters, by its own document numbers."""

    fields: dict[str, FieldValues]
    clusters: np.ndarray  # cluster id of each document
    columns: dict[str, np.ndarray]  # raw integers of the date columns, 0 where unset


class FacetTable:
    """The facet values, dates and cluster of every document of one index generation."""

    def __init__(self, ix: Index, searcher: Searcher):
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.doc_count_all()]
        segments = [(_segment_values(ix, leaf), offset) for leaf, offset in leaves]
        self.alive = np.ones(self.size, dtype=bool)  # not deleted
        for leaf, offset in leaves:
            if leaf.has_deletions():
                self.alive[[offset + docnum for docnum in leaf.deleted_docs_set()]] = False
        self.fields = {field: _joined([(s.fields[field], offset) for s, offset in segments]) for field in FACET_FIELDS}
        self.columns = {name: _concatenated([s.columns[name] for s, _ in segments]) for name in SORT_COLUMNS}
        clusters = _concatenated([s.clusters for s, _ in segments], dtype=str)
        self.clusters = np.unique(clusters, return_inverse=True)[1]  # a code per document
        self.copied = np.bincount(self.clusters)[self.clusters] > 1  # in a story with other copies
        self._story_pairs = {name: _story_pairs(held, self.clusters, self.copied) for name, held in self.fields.items()}
        self._orders: dict[str, np.ndarray] = {}
        self._matches = LRUCache(CACHED_MATCHES)

    def matches(self, searcher: Searcher, query) -> Matches:
        """The documents matching `query`, with their scores; remembered for this generation, as
        filters and queries repeat: a journalist narrows, excludes and pages through one query."""
        return self._matches.remembered(repr(query), lambda: matches(searcher, self.alive, query, self.columns))

    def counts(self, field: str, matched: np.ndarray, by_story: bool = False) -> tuple[FacetCount, ...]:
        """Count the documents in `matched` per value of `field`, most frequent first.

        With `by_story`, wire copies of one story count once, as the grouped results list them.
        """
        values = self.fields[field]
        held = matched[values.docnums]
        if by_story:  # a value counts a story once, however many of its copies hold the value
            pairs = self._story_pairs[field]
            seen = np.bincount(pairs.pair[held[pairs.copied]], minlength=len(pairs.code)) > 0
            codes = np.concatenate([values.codes[held & ~pairs.copied], pairs.code[seen]])
        else:
            codes = values.codes[held]
        tally = np.bincount(codes, minlength=len(values.names))
        counts = []
        for code in np.flatnonzero(tally):
            group, _, value = str(values.names[code]).rpartition(ACTOR_TYPE_SEPARATOR)
            counts.append(FacetCount(value, int(tally[code]), group))
        counts.sort(key=lambda facet: (-facet.count, facet.value))
        return tuple(counts)

    def stories(self, matched: np.ndarray) -> int:
        """The number of clusters (stories) among the documents in `matched`."""
        alone = np.count_nonzero(matched & ~self.copied)
        return int(alone + np.count_nonzero(np.bincount(self.clusters[matched & self.copied])))

    def copies(self, docnum: int) -> np.ndarray:
        """The document numbers of every live copy in the cluster of `docnum`, itself included."""
        if not self.copied[docnum]:
            return np.array([docnum])
        return np.flatnonzero((self.clusters == self.clusters[docnum]) & self.alive)

    def in_order(self, matched: np.ndarray, sort: str) -> np.ndarray:
        """The documents in `matched` newest first (oldest first, or last imported first), undated last."""
        sort = sort if sort in ("imported", "oldest") else "newest"
        if sort not in self._orders:  # sorted once per generation; a search only picks its documents
            if sort == "imported":
                keys = -self.columns["imported"]
            elif sort == "oldest":
                published = self.columns["published"]
                keys = np.where(published == 0, np.iinfo(np.int64).max, published)
            else:
                keys = -self.columns["published"]
            self._orders[sort] = np.argsort(keys, kind="stable")
        order = self._orders[sort]
        return order[matched[order]]

    def values_of(self, field: str, docnums: np.ndarray) -> list[str]:
        """The values of `field` held by the documents `docnums`."""
        values = self.fields[field]
        return [str(values.names[code]) for code in np.unique(values.codes[np.isin(values.docnums, docnums)])]


@dataclass(frozen=True)
class StoryPairs:
    """Which (value, story) pair each value of a copied document belongs to: counts by story."""

    copied: np.ndarray  # per entry of FieldValues: does its document share its story?
    pair: np.ndarray  # per copied entry: the number of its (value, story) pair
    code: np.ndarray  # per pair: the value code


def _story_pairs(values: FieldValues, clusters: np.ndarray, copied: np.ndarray) -> StoryPairs:
    held_by_copy = copied[values.docnums]
    keys = values.codes[held_by_copy] * (len(clusters) + 1) + clusters[values.docnums[held_by_copy]]
    unique, pair = np.unique(keys, return_inverse=True)
    return StoryPairs(held_by_copy, pair, unique // (len(clusters) + 1))


def _segment_values(ix: Index, leaf) -> SegmentValues:
    def read() -> SegmentValues:
        clusters = list(leaf.column_reader("cluster_id")) if leaf.has_column("cluster_id") else []
        return SegmentValues(
            fields={field: _read_field(leaf, field) for field in FACET_FIELDS},
            clusters=np.array(clusters or [""] * leaf.doc_count_all(), dtype=str),
            columns={name: _read_column(leaf, name) for name in SORT_COLUMNS},
        )

    return _segments.remembered((ix, leaf.segment().segment_id()), read)


def _read_field(leaf, field: str) -> FieldValues:
    names, docnums, codes = [], [], []
    for term in leaf.lexicon(field):
        if not term:
            continue  # an article without the value (no outlet known): not a value to narrow to
        ids = np.fromiter(leaf.postings(field, term).all_ids(), dtype=np.int64)
        docnums.append(ids)
        codes.append(np.full(len(ids), len(names), dtype=np.int64))
        names.append(term.decode("utf-8"))
    empty = np.zeros(0, dtype=np.int64)
    return FieldValues(np.array(names, dtype=str), np.concatenate([empty, *docnums]), np.concatenate([empty, *codes]))


def _read_column(leaf, name: str) -> np.ndarray:
    column = np.zeros(leaf.doc_count_all(), dtype=np.int64)
    if leaf.has_column(name):
        raw = leaf.column_reader(name, translate=False)  # the stored integers, not datetimes
        column[:] = np.fromiter((value or 0 for value in raw), dtype=np.int64, count=len(column))
    return column


def _joined(parts: list[tuple[FieldValues, int]]) -> FieldValues:
    """One field's values over all segments: document numbers shifted, value codes made common."""
    names = np.unique(np.concatenate([np.zeros(0, dtype=str), *(values.names for values, _ in parts)]))
    docnums = [values.docnums + offset for values, offset in parts]
    codes = [np.searchsorted(names, values.names)[values.codes] for values, _ in parts if len(values.names)]
    empty = np.zeros(0, dtype=np.int64)
    return FieldValues(names, np.concatenate([empty, *docnums]), np.concatenate([empty, *codes]))


def _concatenated(arrays: list[np.ndarray], dtype=np.int64) -> np.ndarray:
    return np.concatenate([np.zeros(0, dtype=dtype), *arrays])


_segments = LRUCache(CACHED_SEGMENTS)
_tables: OrderedDict = OrderedDict()
_tables_lock = threading.Lock()


def facet_table(ix: Index, searcher: Searcher) -> FacetTable:
    """The table of the searcher's index generation, shared by every thread that reads it."""
    key = (ix, searcher.reader().generation())
    with _tables_lock:
        table = _tables.get(key)
        if table is None:
            table = _tables[key] = FacetTable(ix, searcher)
            while len(_tables) > CACHED_TABLES:
                _tables.popitem(last=False)
        _tables.move_to_end(key)
    return table
