"""Queries run with arrays: each term's postings read once, AND/OR/NOT and BM25F done by numpy.

Whoosh walks postings one document at a time in Python: a word held by 20,000 articles costs
tens of milliseconds each time it is searched, and a phrase seconds, as it decodes the
positions of its words in every article holding them all. Here a term's postings in a segment
(document numbers, weights; positions for phrases) are read once into arrays and kept, as
segments never change once written. A query is then a mask of the matching documents and their
BM25F scores, computed over the whole index as Whoosh would score them. What has no array form
here (a proximity, "a b"~5) is matched by Whoosh and joins as a mask.
"""

import math
from dataclasses import dataclass
from operator import attrgetter

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import And, AndNot, Every, MultiTerm, Not, NullQuery, NumericRange, Or, Phrase, Term
from whoosh.searching import Searcher

from index.caching import LRUCache
from index.storage import document_lengths

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults, so rankings stay as they were
CACHED_POSTINGS_BYTES = 256 * 2**20  # term postings kept, most recently used first
NBYTES = attrgetter("nbytes")  # what a cached array (or _Postings) weighs
POSITION_BITS = 32  # a word's place in an article: (document number << 32) + position


@dataclass(frozen=True)
class Matches:
    mask: np.ndarray  # bool per document number: does it match?
    scores: np.ndarray  # float32 per document number: BM25F, 0 where not scored


def matches(searcher: Searcher, alive: np.ndarray, query, columns: dict[str, np.ndarray]) -> Matches:
    """The documents of the searcher's index matching `query`, with their scores.

    `columns` holds every document's value of some numeric fields (0 for none): a range on one
    of them is read from there.
    """
    found = _Evaluation(searcher, alive, columns).run(query)
    return Matches(found.mask & alive, found.scores)


class _Evaluation:
    def __init__(self, searcher: Searcher, alive: np.ndarray, columns: dict[str, np.ndarray]):
        self.searcher, self.alive, self.size, self.columns = searcher, alive, len(alive), columns
        self.leaves = [(leaf, offset) for leaf, offset in searcher.reader().leaf_readers() if leaf.doc_count_all()]

    def run(self, query) -> Matches:
        if isinstance(query, Term):
            return self.term(query.fieldname, query.text, query.boost)
        if isinstance(query, And):
            return self.all_of([self.run(q) for q in query.subqueries])
        if isinstance(query, Or):
            return self.any_of([self.run(q) for q in query.subqueries])
        if isinstance(query, Not):
            return Matches(~self.run(query.query).mask, self.nothing().scores)
        if isinstance(query, AndNot):
            positive = self.run(query.a)
            return Matches(positive.mask & ~self.run(query.b).mask, positive.scores)
        if isinstance(query, Every):
            return Matches(self.alive.copy(), self.nothing().scores)
        if query is NullQuery:
            return self.nothing()
        if isinstance(query, Phrase) and query.slop == 1 and query.words and self.has_positions(query.fieldname):
            return self.phrase(query)
        if isinstance(query, NumericRange) and query.fieldname in self.columns:
            return Matches(self.in_range(query), self.nothing().scores)
        if isinstance(query, MultiTerm):  # word*, word~: the words it stands for, ORed
            words = {_text(word) for _, word in query.expanded_terms(self.searcher.reader())}
            return self.any_of([self.term(query.fieldname, word, query.boost) for word in sorted(words)])
        return self.by_whoosh(query)

    def has_positions(self, field: str) -> bool:
        return field in self.searcher.schema and self.searcher.schema[field].format.supports("positions")

    def nothing(self) -> Matches:
        return Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size, dtype=np.float32))

    def any_of(self, parts: list[Matches]) -> Matches:
        if not parts:
            return self.nothing()
        return Matches(np.logical_or.reduce([p.mask for p in parts]), np.sum([p.scores for p in parts], axis=0))

    def all_of(self, parts: list[Matches]) -> Matches:
        return Matches(np.logical_and.reduce([p.mask for p in parts]), np.sum([p.scores for p in parts], axis=0))

    def term(self, field: str, text: str, boost: float = 1.0) -> Matches:
        found = self.nothing()
        schema = self.searcher.schema
        if field not in schema or not self.leaves:
            return found
        btext = schema[field].to_bytes(text)
        scorable = schema[field].scorable
        if scorable:
            idf = math.log(self.searcher.doc_count_all() / (self.searcher.doc_frequency(field, btext) + 1)) + 1
            average_length = self.searcher.avg_field_length(field) or 1
        for leaf, offset in self.leaves:
            postings = _postings(leaf, field, btext)
            docnums = postings.docnums + offset
            found.mask[docnums] = True
            if scorable:
                lengths = _lengths(leaf, field)[postings.docnums]
                weights = postings.weights
                found.scores[docnums] = (
                    boost * idf * weights * (K1 + 1) / (weights + K1 * ((1 - B) + B * lengths / average_length))
                )
        return found

    def phrase(self, query: Phrase) -> Matches:
        """The documents holding the phrase's words in a row in its field; scored as its words."""
        found = self.all_of([self.term(query.fieldname, word, query.boost) for word in query.words])
        btexts = [self.searcher.schema[query.fieldname].to_bytes(word) for word in query.words]
        in_a_row = np.zeros(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            starts = _positions(leaf, query.fieldname, btexts[0])
            for shift, btext in enumerate(btexts[1:], start=1):
                starts = np.intersect1d(starts, _positions(leaf, query.fieldname, btext) - shift, assume_unique=True)
            in_a_row[(starts >> POSITION_BITS) + offset] = True
        return Matches(found.mask & in_a_row, found.scores)

    def in_range(self, query: NumericRange) -> np.ndarray:
        values = self.columns[query.fieldname]
        held = values != 0  # no value: an undated article is in no range
        if query.start is not None:
            held &= values > query.start if query.startexcl else values >= query.start
        if query.end is not None:
            held &= values < query.end if query.endexcl else values <= query.end
        return held

    def by_whoosh(self, query) -> Matches:
        found = self.nothing()
        found.mask[np.fromiter(self.searcher.docs_for_query(query), dtype=np.int64)] = True
        return found


def _text(word: str | bytes) -> str:
    return word.decode("utf-8") if isinstance(word, bytes) else word  # fuzzy words come as str


@dataclass(frozen=True)
class _Postings:
    docnums: np.ndarray  # int64, ascending, the segment's own numbers
    weights: np.ndarray  # float32: how often the term occurs there (times the field's boost)

    @property
    def nbytes(self) -> int:
        return self.docnums.nbytes + self.weights.nbytes


def _postings(leaf, field: str, btext: bytes) -> _Postings:
    key = (leaf.segment().segment_id(), field, btext)  # ids are random: unique across indexes
    return _cache.remembered(key, lambda: _read_postings(leaf, field, btext), NBYTES)


def _read_postings(leaf, field: str, btext: bytes) -> _Postings:
    if (field, btext) not in leaf:
        return _Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
    matcher = leaf.postings(field, btext)
    docnums, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        # A block at a time, from the block's own arrays (Whoosh-Reloaded 2.7.5, pinned): the
        # matcher's public interface yields one posting per Python call.
        while matcher.is_active():
            matcher._read_data()
            ids, block_weights = matcher._data[0], matcher._data[1]
            docnums.append(np.cumsum(np.asarray(ids, dtype=np.int64)))  # stored as differences
            if block_weights is None or isinstance(block_weights, float):
                block_weights = np.full(len(ids), 1.0 if block_weights is None else block_weights)
            weights.append(np.asarray(block_weights, dtype=np.float32))
            matcher._next_block()
    else:  # a short posting list kept inline
        while matcher.is_active():
            docnums.append([matcher.id()])
            weights.append([matcher.weight()])
            matcher.next()
    return _Postings(np.concatenate(docnums).astype(np.int64), np.concatenate(weights).astype(np.float32))


def _positions(leaf, field: str, btext: bytes) -> np.ndarray:
    """Where the term occurs in the segment: sorted keys of (document number, word position)."""
    key = (leaf.segment().segment_id(), field, btext, "positions")
    return _cache.remembered(key, lambda: _read_positions(leaf, field, btext), NBYTES)


def _read_positions(leaf, field: str, btext: bytes) -> np.ndarray:
    if (field, btext) not in leaf:
        return np.zeros(0, dtype=np.int64)
    matcher, decode = leaf.postings(field, btext), leaf.schema[field].format.decode_positions
    docnums, counts, positions = [], [], []
    while matcher.is_active():
        held = decode(matcher.value())
        docnums.append(matcher.id())
        counts.append(len(held))
        positions += held
        matcher.next()
    return (np.repeat(np.array(docnums, dtype=np.int64), counts) << POSITION_BITS) + np.array(positions, dtype=np.int64)


def _lengths(leaf, field: str) -> np.ndarray:
    """Every document's length in `field`, as Whoosh stores it (to a byte), for BM25F."""

    def read() -> np.ndarray:
        return np.array(document_lengths(leaf._perdoc, field), dtype=np.float32)  # the segment's own reader

    return _cache.remembered((leaf.segment().segment_id(), field, None), read, NBYTES)


_cache = LRUCache(CACHED_POSTINGS_BYTES)
