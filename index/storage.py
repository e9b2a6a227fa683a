"""Segment files read in place: postings from the memory map, document lengths a field at a time.

Whoosh keeps each segment in one compound file and maps it into memory, but hands every file
inside it (the segment's postings, its terms) to a reader as a BytesIO, which copies it. So
every searcher held its own copy of every segment's postings: a web server thread, and each
batch of an import (an import of 20,000 articles grew by 100 MB a batch). Here readers get a
view of the map instead; what they read is the same bytes. Importing this module applies it.
"""

import io

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length


def document_lengths(per_document_reader, field: str) -> list[int]:
    """Every document's length in `field` (0 where it has none), read in one pass.

    Whoosh's doc_field_length() reads one document's length from the column at a time.
    """
    column = _lenfield(field)
    if not per_document_reader.has_column(column):  # a field without lengths (an id, keywords)
        return [0] * per_document_reader.doc_count_all()
    return [byte_to_length(byte) for byte in per_document_reader.column_reader(column, LENGTHS_COLUMN)]


class MappedFile(BufferFile):
    """Whoosh's BufferFile over a view of the map, with a reader that does not copy it."""

    def __init__(self, view: memoryview, name: str | None = None):
        super().__init__(b"", name=name)
        self._buf = view  # what get() slices: Whoosh's readers mostly read this way
        self.file = _ViewReader(view)  # what read() and seek() use


class _ViewReader(io.RawIOBase):
    """A read-only, seekable file over a memoryview."""

    def __init__(self, view: memoryview):
        super().__init__()
        self._view = view
        self._at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), len(self._view) - self._at))
        buffer[:count] = self._view[self._at : self._at + count]
        self._at += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: len(self._view)}[whence]
        self._at = max(0, base + offset)
        return self._at

    def tell(self) -> int:
        return self._at


_open_copied = CompoundStorage.open_file


def _open_in_place(storage: CompoundStorage, name: str, *args, **kwargs):
    if storage.is_closed or storage._source is None:  # not mapped (Whoosh reads it as a file)
        return _open_copied(storage, name, *args, **kwargs)
    offset, length = storage.range(name)
    return MappedFile(memoryview(storage._source)[offset : offset + length], name=name)


CompoundStorage.open_file = _open_in_place
