"""Whoosh's segment writer, fitted for bulk imports; what it writes is Whoosh's own format.

For every posting a commit writes, Whoosh's writer reads the document's length in that field
back from disk: a fifth of a commit's time. This writer reads each field's lengths once.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter


class BulkWriter(SegmentWriter):
    """A SegmentWriter that reads document lengths once per field when it commits."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, limitmb=256, **kwargs)

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _Lengths(self.per_document_reader())
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        lengths.close()


class _Lengths:
    """The lengths of every document of a segment, per field, as Whoosh's writer asks for them."""

    def __init__(self, reader):
        self._reader = reader
        self._by_field: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str) -> int:
        lengths = self._by_field.get(fieldname)
        if lengths is None:
            lengths = self._by_field[fieldname] = self._read(fieldname)
        return lengths[docnum]

    def _read(self, fieldname: str) -> list[int]:
        column = _lenfield(fieldname)
        if not self._reader.has_column(column):  # a field without lengths (an id, keywords)
            return [0] * self._reader.doc_count_all()
        return [byte_to_length(byte) for byte in self._reader.column_reader(column, LENGTHS_COLUMN)]

    def close(self):
        self._reader.close()
