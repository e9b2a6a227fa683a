"""Formats: the stream or bytes of one file in, RawDocuments and ReadErrors out.

Web archives (WARC), JSON Lines and CSV exports and RSS or Atom feeds each hold many documents;
`detect_type` names what a file of any other format holds, from its leading bytes.
"""

import codecs
import csv
import email.utils
import gzip
import io
import json
import time
import xml.sax
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from pipeline.errors import ReadError

# What reading a stream can fail with: the disk (OSError), or a gzip layer that is cut or corrupt.
STREAM_ERRORS = (OSError, EOFError, zlib.error)
# Our record fields -> the export columns read for each when no --map names one; the first non-empty wins.
RECORD_FIELDS = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "published": ("published", "date"),
    "language": ("language", "lang"),
    "source": ("source",),
    "url": ("url",),
}
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:RDF")
# (offset, leading bytes, what a file starting with them is); checked in order
MAGIC = (
    (0, b"%PDF-", "PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (8, b"WEBP", "WebP image"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip data"),
    (0, b"BZh", "bzip2 data"),
    (0, b"\xfd7zXZ\x00", "xz data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (257, b"ustar", "tar archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document (OLE)"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"MZ", "Windows executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (4, b"ftyp", "MP4 video"),
    (0, b"ID3", "MP3 audio"),
    (0, b"WARC/", "WARC file"),
    (0, b"\x00\x00\x00\x01Bud1", "Finder folder settings (.DS_Store)"),
)
# Bytes found in text: the `file` command's test, with the C0 controls other than \a\b\t\n\f\r\e left out.
TEXT_BYTES = bytes({7, 8, 9, 10, 12, 13, 27} | set(range(0x20, 0x100)) - {0x7F})


@dataclass(frozen=True)
class RawDocument:
    """One document as read: a page, a text scrape, or a record of an export or a feed."""

    # "crawl.warc.gz#offset=12345", "export.jsonl:17", "a.zip!dir/page.html", "feed.xml#item=3", ...
    source_path: str
    data: bytes  # the page or text scrape; b"" for a record
    kind: str  # "html", "text" or "record"
    url: str | None = None  # where the document was fetched from, when the source says
    retrieved: datetime | None = None  # when a web archive fetched it (timezone-aware)
    fields: dict[str, str] | None = None  # a record's title, text, published, language, source, url
    date_source: str | None = None  # where a record's `published` came from: "import-field" or "feed"


def too_large(max_bytes: int, what: str = "file") -> str:
    """Return the reason for a file or record past the size limit."""
    return f"{what} larger than --max-bytes ({max_bytes:,} bytes)"


def stream_failure(error: Exception) -> str:
    """Return the reason a stream stopped: a broken gzip layer, or the disk."""
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"broken gzip file: {error}"
    return f"cannot read: {getattr(error, 'strerror', None) or error}"


def magic_type(data: bytes) -> str | None:
    """Return the binary format `data` starts with ("PDF document", ...), or None."""
    for offset, magic, kind in MAGIC:
        if data.startswith(magic, offset):
            # Word, Excel and PowerPoint files are zips whose first member is this one.
            if kind == "ZIP archive" and b"[Content_Types].xml" in data[:4096]:
                return "Office Open XML document"
            return kind
    return None


def detect_type(data: bytes, name: str) -> str:
    """Say what a file called `name` holds, from its leading bytes: "PDF document", "text (.md)", ..."""
    if not data:
        return "empty file"
    if kind := magic_type(data):
        return kind
    if data.translate(None, TEXT_BYTES):
        return "binary data"
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    kind = "XML document" if start.startswith(b"<?xml") else "text"
    if start.startswith((b"<!doctype html", b"<html")):
        kind = "HTML document"
    suffix = name[name.rfind(".") :] if "." in name.lstrip(".") else "no extension"
    return f"{kind} ({suffix})"


def is_feed(data: bytes) -> bool:
    """Tell whether an XML file is an RSS or Atom feed, from its first 2 KB."""
    return any(marker in data[:2048] for marker in FEED_MARKERS)


def record_columns(field_map: dict[str, str] | None = None) -> dict[str, tuple[str, ...]]:
    """Return the export columns read for each record field: the mapped one, else the usual names."""
    field_map = field_map or {}
    unknown = sorted(set(field_map) - set(RECORD_FIELDS))
    if unknown:
        raise ValueError(f"unknown field {', '.join(unknown)} (fields: {', '.join(RECORD_FIELDS)})")
    return {
        field: (field_map[field].strip().lower(),) if field in field_map else names
        for field, names in RECORD_FIELDS.items()
    }


def read_warc(source: str, stream, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    """Yield the HTML pages a web archive holds; report its other responses and where it breaks."""
    records = ArchiveIterator(stream)
    end = 0  # of the last record read
    while True:
        try:
            record = next(records, None)
        except (ArchiveLoadFailed, *STREAM_ERRORS) as error:
            yield ReadError(source, f"broken WARC file: {_first_line(error)}")
            return
        except AttributeError:  # how warcio 1.8.1 fails on a response record without one
            yield ReadError(source, "broken WARC file: response record without WARC-Target-URI")
            return
        if record is None:
            break
        problem = _response_problem(record) if record.rec_type == "response" else None
        wanted = record.rec_type == "response" and not problem
        try:
            payload = record.content_stream().read(max_bytes + 1) if wanted else b""
            offset = records.get_record_offset()
        except (ArchiveLoadFailed, *STREAM_ERRORS) as error:
            yield ReadError(source, f"broken WARC file: {_first_line(error)}")
            return
        end = offset + records.get_record_length()
        where = f"{source}#offset={offset}"
        if _cut_short(record):
            yield ReadError(where, "broken WARC file: record cut short")
            return
        if problem:
            yield ReadError(where, problem)
        elif len(payload) > max_bytes:
            yield ReadError(where, too_large(max_bytes, "record"))
        elif wanted:
            url = record.rec_headers.get_header("WARC-Target-URI")
            yield RawDocument(where, payload, "html", url=url, retrieved=_warc_date(record))
    # warcio stops without a word at a gzip member cut before its first line: look past the last record.
    try:
        stream.seek(end)
        rest = stream.read(64)
    except STREAM_ERRORS as error:
        yield ReadError(source, stream_failure(error))
        return
    if rest.strip():
        yield ReadError(f"{source}#offset={end}", "broken WARC file: record cut short")
    elif not end:
        yield ReadError(source, "empty file")


def read_json_lines(
    source: str, stream, max_bytes: int, columns: dict[str, tuple[str, ...]]
) -> Iterator[RawDocument | ReadError]:
    """Yield a record for each JSON object line of an export; report the lines that are none."""
    empty = True
    try:
        for number, line in enumerate(_lines(stream, max_bytes), 1):
            where = f"{source}:{number}"
            if line is None:
                yield ReadError(where, f"line {number} larger than --max-bytes")
            elif line.strip():
                yield _json_record(where, number, line.removeprefix(codecs.BOM_UTF8), columns)
            empty = empty and line is not None and not line.strip()
    except STREAM_ERRORS as error:
        yield ReadError(source, stream_failure(error))
        return
    if empty:
        yield ReadError(source, "empty file")


def read_csv(
    source: str, stream, max_bytes: int, columns: dict[str, tuple[str, ...]], delimiter: str = ","
) -> Iterator[RawDocument | ReadError]:
    """Yield a record for each row of a CSV (or TSV) export with a header row; report the rows that are none."""
    csv.field_size_limit(max_bytes)  # an unbalanced quote swallows the rest of the file into one field
    problems: dict[int, str] = {}  # line number -> why that line could not be read
    rows = csv.reader(_text_lines(stream, max_bytes, problems), delimiter=delimiter)
    header = None
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows, None)
        except csv.Error as error:
            reason = f"row {start}: {error}"
            if "field limit" in str(error):
                reason = f"row {start}: field larger than --max-bytes, unbalanced quote?"
            yield ReadError(f"{source}:{start}", reason)
            return
        except STREAM_ERRORS as error:
            yield ReadError(source, stream_failure(error))
            return
        if row is None:
            if header is None:
                yield ReadError(source, "empty file")
            return
        where = f"{source}:{start}"
        problem = next((problems.pop(n) for n in range(start, rows.line_num + 1) if n in problems), None)
        if problem:
            yield ReadError(where, problem)
            if header is None:
                return
        elif not any(cell.strip() for cell in row):
            continue  # a blank line, or a spreadsheet's empty row
        elif header is None:
            header = [name.strip().lower() for name in row]
            if not set(header) & set(columns["text"]):
                yield ReadError(source, f"no text column (looked for {', '.join(columns['text'])})")
                return
        elif len(row) != len(header):
            yield ReadError(where, f"row {start} has {len(row)} columns, the header has {len(header)}")
        else:
            yield _record(where, dict(zip(header, row, strict=True)), columns, f"row {start}")


def read_feed(source: str, data: bytes) -> Iterator[RawDocument | ReadError]:
    """Yield a record for each item of an RSS or Atom feed."""
    try:
        # A stream, never a URL or a file name: feedparser would fetch or open those.
        feed = feedparser.parse(io.BytesIO(data))
    except ValueError as error:  # an encoding name with a NUL in it
        yield ReadError(source, f"parse error: {error}")
        return
    if not feed.entries:
        problem = feed.get("bozo_exception")
        if isinstance(problem, xml.sax.SAXParseException):
            problem = problem.getMessage()  # without "<unknown>:2:36:", a position in feedparser's copy
        yield ReadError(source, f"parse error: {problem}" if feed.bozo else "feed has no items")
        return
    outlet, language = _as_text(feed.feed.get("title")), _as_text(feed.feed.get("language"))
    for number, entry in enumerate(feed.entries, 1):
        content = entry.get("content") or [{}]
        fields = {
            "title": _as_text(entry.get("title")),
            "text": _as_text(content[0].get("value")) or _as_text(entry.get("summary")),
            "published": _entry_day(entry),
            "language": language,
            "source": outlet,
            "url": _as_text(entry.get("link")),
        }
        where = f"{source}#item={number}"
        fields = {field: value for field, value in fields.items() if value}
        if "text" not in fields:
            yield ReadError(where, f"no text in item {number} (looked for content, summary)")
        else:
            date_source = "feed" if "published" in fields else None
            yield RawDocument(where, b"", "record", url=fields.get("url"), fields=fields, date_source=date_source)


def _response_problem(record) -> str | None:
    """Return why a WARC response record is not a page to import, or None if it is one."""
    headers = record.http_headers
    content_type = (headers.get_header("Content-Type") if headers else record.content_type) or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in HTML_TYPES:
        return f"unsupported format: {media_type or 'untyped'} record"
    # Redirects and error pages are HTML too, but never the article asked for.
    if headers and not headers.get_statuscode().startswith("2"):
        return f"HTTP {headers.get_statuscode()} response, not a page"
    return None


def _cut_short(record) -> bool:
    """Tell whether a WARC record ends before its Content-Length says (a truncated file)."""
    declared = record.rec_headers.get_header("Content-Length") or ""
    return not declared.isdigit() or (isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0)


def _warc_date(record) -> datetime | None:
    try:
        fetched = datetime.fromisoformat(record.rec_headers.get_header("WARC-Date") or "")
    except ValueError:
        return None
    return fetched if fetched.tzinfo else fetched.replace(tzinfo=UTC)  # WARC dates are UTC


def _first_line(error: Exception) -> str:
    # warcio quotes the bytes it choked on and explains at length: keep one printable line.
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return repr(lines[0])[1:-1][:120]


def _lines(stream, max_bytes: int) -> Iterator[bytes | None]:
    """Yield each line of `stream`, or None for a line longer than `max_bytes` (skipped, never held whole)."""
    while line := stream.readline(max_bytes + 1):
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(max_bytes + 1)
            yield None
        else:
            yield line


def _text_lines(stream, max_bytes: int, problems: dict[int, str]) -> Iterator[str]:
    """Yield each line as text (UTF-8, else Windows-1252); an empty line, noted in `problems`, for one that fails."""
    for number, line in enumerate(_lines(stream, max_bytes), 1):
        if line is None:
            problems[number] = f"line {number} larger than --max-bytes"
            yield "\n"
            continue
        try:
            yield line.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield line.decode("cp1252")
            except UnicodeDecodeError:
                problems[number] = f"line {number} is neither UTF-8 nor Windows-1252 text"
                yield "\n"


def _json_record(where: str, number: int, line: bytes, columns) -> RawDocument | ReadError:
    try:
        value = json.loads(line.decode("utf-8").strip())
    except UnicodeDecodeError:
        return ReadError(where, f"malformed JSON on line {number}: not UTF-8 text")
    except json.JSONDecodeError as error:
        return ReadError(where, f"malformed JSON on line {number}: {error.msg} (column {error.colno})")
    except ValueError as error:  # an integer of more than 4,300 digits
        return ReadError(where, f"malformed JSON on line {number}: {error}")
    except RecursionError:
        return ReadError(where, f"malformed JSON on line {number}: nested too deeply")
    return _record(where, value if isinstance(value, dict) else {}, columns, f"line {number}")


def _record(where: str, row: dict, columns, place: str) -> RawDocument | ReadError:
    """Return the record of one export row or line, with the fields `columns` find in it."""
    row = {name.strip().lower(): value for name, value in row.items()}
    fields = {}
    for field, names in columns.items():
        value = next((text for name in names if (text := _as_text(row.get(name)))), None)
        if value:
            fields[field] = value
    if "text" not in fields:
        return ReadError(where, f"no text field on {place} (looked for {', '.join(columns['text'])})")
    date_source = "import-field" if "published" in fields else None
    return RawDocument(where, b"", "record", url=fields.get("url"), fields=fields, date_source=date_source)


def _as_text(value) -> str:
    """Return a string or number as stripped text; "" for anything else (nothing, lists, objects)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def _entry_day(entry) -> str:
    """Return the day a feed entry was published or updated, in the feed's own time zone where it says one."""
    for key in ("published", "updated"):
        # `in` first: feedparser 6 warns when asked for an "updated" value the entry does not have.
        if key in entry and key + "_parsed" in entry and entry[key + "_parsed"]:
            return _local_day(entry[key]) or time.strftime("%Y-%m-%d", entry[key + "_parsed"])
    return ""


def _local_day(stamp: str) -> str | None:
    """Return the day of an ISO 8601 or RFC 822 time stamp as written (feedparser's is the UTC day)."""
    try:
        return datetime.fromisoformat(stamp).date().isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(stamp).date().isoformat()
    except (TypeError, ValueError):
        return None
