"""Whoosh's segment writer, fitted for bulk imports; what it writes is Whoosh's own format.

- For every posting a commit writes, Whoosh's writer reads the document's length in that field
  back from disk: a fifth of a commit's time. This writer reads each field's lengths once.
- Whoosh pools a batch's postings as one tuple each and sorts them all at commit: half a
  second for a batch's 800,000, the interpreter held all the while. This writer files them by
  term as they come, so that only the terms are sorted; documents come in order, and so do
  a term's postings. A batch is held in memory to its commit: the import bounds its size.
  Segments merged in are not bounded so: their postings go to Whoosh's pool, which spills to disk.
- A commit frees a million small objects, and the C allocator keeps the memory: after a few
  batches an import held twice what it used. The writer hands it back to the system.
- Those objects live until the commit, and Python's cycle collector walked them again and
  again: 8 % of an import's writing process. It is paused while a batch is written.
- Most terms of a batch occur in a document or two, and Whoosh zlib-compresses even their
  blocks of a few bytes: it means not to, but overwrites its own decision (2.7.5). Setting up
  zlib then costs more than the block holds: a tenth of a commit. Small blocks stay raw.
"""

import ctypes
import ctypes.util
import gc
from collections import defaultdict
from contextlib import contextmanager
from functools import cache

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3Segment
from whoosh.writing import SegmentWriter

from index.storage import document_lengths

COMPRESSED_POSTINGS = 16  # a block of fewer postings is written uncompressed (index 6 % larger)


class BulkWriter(SegmentWriter):
    """A SegmentWriter for batches: lengths read once, postings filed by term, small blocks raw, memory handed back."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, codec=_Codec(), **kwargs)
        self._spilling_pool = self.pool  # Whoosh's own: past 128 MB, it sorts runs out to disk
        self.pool = _Postings()

    def add_reader(self, reader):
        """Merge a segment in: its postings, any number of them, go to Whoosh's pool.

        Held in memory, they grew with the index: optimize() of 4,453 generated articles peaked
        at 673 MB, with Whoosh's pool at 291 MB (and took 51 s instead of 35).
        """
        if self.pool is not self._spilling_pool:
            for posting in self.pool.postings():
                self._spilling_pool.add(posting)
            self.pool.cleanup()  # the batch's postings, now in Whoosh's pool, are not kept twice
            self.pool = self._spilling_pool
        super().add_reader(reader)

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader())
        if self.pool is self._spilling_pool:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        else:
            self.pool.write(self.schema, lengths, self.fieldwriter)
        self.fieldwriter.close()
        lengths.close()

    def _finish(self):
        super()._finish()
        _release_free_memory()


class _Postings:
    """A batch's postings filed by field and term, written straight to the segment's field writer.

    It stands in for Whoosh's pool (see above): while the interpreter was held for its sort,
    the results of the import's workers waited.
    """

    def __init__(self):
        self._by_field: dict[str, dict[bytes, list]] = defaultdict(lambda: defaultdict(list))

    def add(self, posting) -> None:
        fieldname, term, docnum, weight, value = posting
        self._by_field[fieldname][term].append((docnum, weight, value or b""))

    def write(self, schema, lengths: "_Lengths", fieldwriter) -> None:
        """Write every posting, by field, term and document, as Whoosh's `add_postings` does."""
        for fieldname in sorted(self._by_field):
            terms = self._by_field[fieldname]
            field_lengths = lengths.of(fieldname)
            fieldwriter.start_field(fieldname, schema[fieldname])
            for term in sorted(terms):
                fieldwriter.start_term(term)
                # A batch's documents come in order (merged segments go to Whoosh's pool): sorted already.
                for docnum, weight, value in terms[term]:
                    fieldwriter.add(docnum, weight, value, field_lengths[docnum])
                fieldwriter.finish_term()
            fieldwriter.finish_field()

    def postings(self):
        """Every posting, as Whoosh's pool takes them: (field, term, document, weight, value)."""
        for fieldname, terms in self._by_field.items():
            for term, postings in terms.items():
                for docnum, weight, value in postings:
                    yield fieldname, term, docnum, weight, value

    def cleanup(self) -> None:
        self._by_field.clear()


class _Codec(W3Codec):
    """Whoosh's codec, writing blocks of few postings uncompressed (its readers take both)."""

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)  # fmt: skip

    def new_segment(self, storage, indexname):
        # A segment keeps its codec, pickled: Whoosh's own, so an index never needs this module to be read.
        return W3Segment(W3Codec(), indexname)


class _PostingsWriter(W3PostingsWriter):
    @property
    def _compression(self) -> int:
        """The zlib level of the block being written; Whoosh reads it once per block."""
        return self._level if len(self._ids) >= COMPRESSED_POSTINGS else 0

    @_compression.setter
    def _compression(self, level: int) -> None:
        self._level = level


class _Lengths:
    """The lengths of every document of a segment, per field, as Whoosh's writer asks for them."""

    def __init__(self, reader):
        self._reader = reader
        self._by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str) -> int:
        """The length of one document in `fieldname`, as Whoosh's field writer asks for it."""
        return self.of(fieldname)[docnum]

    def of(self, fieldname: str) -> list[int]:
        """The length of each document in `fieldname`, by document number."""
        lengths = self._by_field.get(fieldname)
        if lengths is None:
            lengths = self._by_field[fieldname] = document_lengths(self._reader, fieldname)
        return lengths

    def close(self):
        self._reader.close()


@contextmanager
def collector_paused():
    """Pause Python's cycle collector while a batch is written (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _release_free_memory() -> None:
    """Return the memory the C allocator holds free to the system (glibc; elsewhere nothing)."""
    trim = _malloc_trim()
    if trim:
        trim(0)


@cache
def _malloc_trim():
    libc = ctypes.util.find_library("c")  # looked up once: it may ask ldconfig
    return getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None
