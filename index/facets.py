"""Facet counts with arrays: every document's facet values read once per commit, counted with numpy.

Counting by walking postings costs a Python step per matching document and facet; at 100,000
articles that is most of a search. Instead each facet field is read once into two arrays,
(document number, value code), and a search's matches become a boolean mask over document
numbers: a facet's counts are then one bincount, and the number of stories one unique().
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.index import Index
from whoosh.query import Every, Not
from whoosh.searching import Searcher

from index.schema import ACTOR_TYPE_SEPARATOR, FACETS

CACHED_TABLES = 4  # index generations kept: the newest, and those still read by open searchers
CACHED_MASKS = 256  # filter masks kept per table: the same facet filters come back again and again


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    group: str = ""  # the actor's type, for the actor facet

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, **({"type": self.group} if self.group else {})}


@dataclass(frozen=True)
class FieldValues:
    names: tuple[str, ...]  # value code -> value
    docnums: np.ndarray  # one entry per (document, value) pair
    codes: np.ndarray


class FacetTable:
    """The facet values and cluster of every document of one index generation."""

    def __init__(self, searcher: Searcher):
        reader = searcher.reader()
        self.size = reader.doc_count_all()
        self.alive = self._mask(searcher.docs_for_query(Every()))  # not deleted
        fields = {facet.count_field for facet in FACETS.values()} | {"source"}
        self.fields = {field: _read_field(reader, field) for field in fields}
        clusters = list(reader.column_reader("cluster_id")) if reader.has_column("cluster_id") else []
        self.clusters = np.unique(np.array(clusters, dtype=str), return_inverse=True)[1]  # a code per document
        self._masks: OrderedDict = OrderedDict()
        self._columns: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def mask(self, searcher: Searcher, query) -> np.ndarray:
        """The documents matching `query`, as a boolean array over document numbers."""
        if isinstance(query, Every):
            return self.alive
        if isinstance(query, Not):
            return self.alive & ~self.mask(searcher, query.query)
        return self._mask(searcher.docs_for_query(query))

    def filter_mask(self, searcher: Searcher, query) -> np.ndarray:
        """Like mask(), remembered: facet and date filters repeat across searches."""
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

    def column(self, searcher: Searcher, field: str) -> np.ndarray:
        """A sortable numeric field (published, imported) of every document, as integers; 0 if unset."""
        with self._lock:
            if field not in self._columns:
                reader = searcher.reader()
                values = reader.column_reader(field, translate=False) if reader.has_column(field) else ()
                column = np.zeros(self.size, dtype=np.int64)
                column[: len(values)] = np.fromiter((v or 0 for v in values), dtype=np.int64, count=len(values))
                self._columns[field] = column
            return self._columns[field]

    def counts(self, field: str, matched: np.ndarray) -> tuple[FacetCount, ...]:
        """Count the documents in `matched` per value of `field`, most frequent first."""
        values = self.fields[field]
        tally = np.bincount(values.codes[matched[values.docnums]], minlength=len(values.names))
        counts = []
        for code in np.flatnonzero(tally):
            group, _, value = values.names[code].rpartition(ACTOR_TYPE_SEPARATOR)
            counts.append(FacetCount(value, int(tally[code]), group))
        counts.sort(key=lambda facet: (-facet.count, facet.value))
        return tuple(counts)

    def stories(self, matched: np.ndarray) -> int:
        """The number of clusters (stories) among the documents in `matched`."""
        return int(np.unique(self.clusters[matched[: len(self.clusters)]]).size) if len(self.clusters) else 0

    def copies(self, docnum: int) -> np.ndarray:
        """The document numbers of every live copy in the cluster of `docnum`, itself included."""
        if not len(self.clusters):
            return np.array([docnum])
        return np.flatnonzero((self.clusters == self.clusters[docnum]) & self.alive[: len(self.clusters)])

    def values_of(self, field: str, docnums: np.ndarray) -> list[str]:
        """The values of `field` held by the documents `docnums`."""
        values = self.fields[field]
        return [values.names[code] for code in np.unique(values.codes[np.isin(values.docnums, docnums)])]

    def _mask(self, docnums) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[np.fromiter(docnums, dtype=np.int64)] = True
        return mask


def _read_field(reader, field: str) -> FieldValues:
    names, docnums, codes = [], [], []
    for term in reader.lexicon(field):
        if not term:
            continue  # an article without the value (no outlet known): not a value to narrow to
        ids = np.fromiter(reader.postings(field, term).all_ids(), dtype=np.int64)
        docnums.append(ids)
        codes.append(np.full(len(ids), len(names), dtype=np.int64))
        names.append(term.decode("utf-8"))
    empty = np.zeros(0, dtype=np.int64)
    return FieldValues(tuple(names), np.concatenate([empty, *docnums]), np.concatenate([empty, *codes]))


_tables: OrderedDict = OrderedDict()
_tables_lock = threading.Lock()


def facet_table(ix: Index, searcher: Searcher) -> FacetTable:
    """The table of the searcher's index generation, shared by every thread that reads it."""
    key = (ix, searcher.reader().generation())
    with _tables_lock:
        table = _tables.get(key)
        if table is None:
            table = _tables[key] = FacetTable(searcher)
            while len(_tables) > CACHED_TABLES:
                _tables.popitem(last=False)
        _tables.move_to_end(key)
    return table
