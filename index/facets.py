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
from whoosh.query import Every, Not
from whoosh.searching import Searcher

from index.schema import ACTOR_TYPE_SEPARATOR, FACETS

FACET_FIELDS = tuple(sorted({facet.count_field for facet in FACETS.values()} | {"source"}))
SORT_COLUMNS = ("published", "imported")
CACHED_SEGMENTS = 1_000  # segments of the newest generations; a merge replaces many by one
CACHED_TABLES = 4  # index generations kept: the newest, and those still read by open searchers
CACHED_MASKS = 128  # masks kept per table (100 kB each at 100,000 articles)


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
        self._masks: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def mask(self, searcher: Searcher, query) -> np.ndarray:
        """The documents matching `query`, as a boolean array over document numbers."""
        if isinstance(query, Every):
            return self.alive
        if isinstance(query, Not):
            return self.alive & ~self.mask(searcher, query.query)
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(searcher.docs_for_query(query), dtype=np.int64)] = True
        return mask

    def remembered_mask(self, searcher: Searcher, query) -> np.ndarray:
        """Like mask(), remembered for this generation: filters and queries repeat across searches."""
        key = repr(query)
        with self._lock:
            if key in self._masks:
                self._masks.move_to_end(key)
                return self._masks[key]
        mask = self.mask(searcher, query)
        with self._lock:
            self._masks[key] = mask
            while len(self._masks) > CACHED_MASKS:
                self._masks.popitem(last=False)
        return mask

    def counts(self, field: str, matched: np.ndarray, by_story: bool = False) -> tuple[FacetCount, ...]:
        """Count the documents in `matched` per value of `field`, most frequent first.

        With `by_story`, wire copies of one story count once, as the grouped results list them.
        """
        values = self.fields[field]
        held = matched[values.docnums]
        if by_story:  # one (value, story) pair per story; most documents are alone in theirs
            copied = held & self.copied[values.docnums]
            stories = len(self.clusters) + 1
            pairs = np.unique(values.codes[copied] * stories + self.clusters[values.docnums[copied]])
            codes = np.concatenate([values.codes[held & ~copied], pairs // stories])
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
        return int(np.unique(self.clusters[matched]).size)

    def copies(self, docnum: int) -> np.ndarray:
        """The document numbers of every live copy in the cluster of `docnum`, itself included."""
        return np.flatnonzero((self.clusters == self.clusters[docnum]) & self.alive)

    def values_of(self, field: str, docnums: np.ndarray) -> list[str]:
        """The values of `field` held by the documents `docnums`."""
        values = self.fields[field]
        return [str(values.names[code]) for code in np.unique(values.codes[np.isin(values.docnums, docnums)])]


def _segment_values(ix: Index, leaf) -> SegmentValues:
    key = (ix, leaf.segment().segment_id())
    with _segments_lock:
        if key in _segments:
            _segments.move_to_end(key)
            return _segments[key]
    clusters = list(leaf.column_reader("cluster_id")) if leaf.has_column("cluster_id") else []
    values = SegmentValues(
        fields={field: _read_field(leaf, field) for field in FACET_FIELDS},
        clusters=np.array(clusters or [""] * leaf.doc_count_all(), dtype=str),
        columns={name: _read_column(leaf, name) for name in SORT_COLUMNS},
    )
    with _segments_lock:
        _segments[key] = values
        while len(_segments) > CACHED_SEGMENTS:
            _segments.popitem(last=False)
    return values


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


_segments: OrderedDict = OrderedDict()
_segments_lock = threading.Lock()
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
