"""Read stage: paths in, RawDocuments out: pages, text scrapes, and the records of exports and feeds.

Folders are walked in sorted order; gzip, zip and tar files are read as streams, never unpacked to
disk; `pipeline.formats` reads web archives, exports and feeds. Every file that yields nothing says why.
"""

import gzip
import io
import itertools
import os
import re
import stat
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from pipeline.errors import DocumentError, ReadError
from pipeline.formats import (
    STREAM_ERRORS,
    RawDocument,
    detect_type,
    is_feed,
    magic_type,
    read_csv,
    read_feed,
    read_json_lines,
    read_warc,
    record_columns,
    stream_failure,
    too_large,
)

__all__ = ["MAX_BYTES", "RawDocument", "container_of", "kind_of", "read_sources"]

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 3  # archives inside archives, the outermost counted
MAX_MEMBERS = 100_000
VCS_FOLDERS = {".git", ".hg", ".svn"}
FORMATS = {  # end of a file name -> its format, the first match wins
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".warc": "warc",
    ".warc.gz": "warc",  # warcio unpacks it record by record, so offsets stay those of the file
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",  # a feed or not: the first 2 KB tell
    ".zip": "zip",
    ".tar": "tar",
    ".tar.gz": "tar",
    ".tgz": "tar",
}
GZIPPABLE = {"html", "text", "jsonl", "csv", "tsv", "feed", "xml"}  # formats also read from NAME.gz
HEAD_BYTES = 4096  # enough to tell a file's type


def read_sources(
    paths, max_bytes: int = MAX_BYTES, field_map: dict[str, str] | None = None
) -> Iterator[RawDocument | DocumentError]:
    """Yield every document under `paths`, or the error that stopped one.

    :param field_map: our record field -> the export column it is read from ({"text": "body"});
        a field that records do not have raises ValueError.
    """
    columns = record_columns(field_map)
    for path in map(Path, paths):
        if path.is_dir():
            yield from _read_tree(path, max_bytes, columns)
        elif path.exists():
            yield from _read_file(path, max_bytes, columns)
        else:
            yield ReadError(str(path), "no such file or directory")


def container_of(source_path: str) -> str:
    """Return the file a document was read from: "a.zip!p.html" -> "a.zip", "export.csv:17" -> "export.csv"."""
    archive = re.match(r"(.+?\.(?:zip|tar|tar\.gz|tgz))!", source_path, re.IGNORECASE)
    if archive:
        return archive.group(1)
    place = re.fullmatch(r"(.+)(?:#offset=|#item=|:)\d+", source_path)
    if place and _format_of(place.group(1))[0] in ("warc", "jsonl", "csv", "tsv", "feed", "xml"):
        return place.group(1)
    return source_path


def kind_of(path: Path) -> str | None:
    """Return "html" or "text" from the file name (gzip allowed), or None for any other format."""
    kind, _ = _format_of(path.name)
    return kind if kind in ("html", "text") else None


def _format_of(name: str) -> tuple[str | None, bool]:
    """Return the format a file name says, and whether it is gzipped: ("csv", True) for "x.csv.gz"."""
    name = name.lower()
    for end, kind in FORMATS.items():
        if name.endswith(end):
            return kind, False
    for end, kind in FORMATS.items():
        if kind in GZIPPABLE and name.endswith(end + ".gz"):
            return kind, True
    return None, False


def _read_tree(root: Path, max_bytes: int, columns) -> Iterator[RawDocument | DocumentError]:
    errors: list[OSError] = []
    # Sorted, so runs and their reports keep one order; symlinked folders are not followed,
    # so a symlink loop cannot make the walk endless.
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        yield from (_unreadable(error) for error in errors)
        errors.clear()
        for name in sorted(files):
            yield from _read_file(Path(folder, name), max_bytes, columns)
        # Version-control folders hold a collection's history, never its documents: skipped unreported.
        dirs[:] = sorted(name for name in dirs if name not in VCS_FOLDERS)
        for name in dirs:
            if Path(folder, name).is_symlink():
                yield ReadError(str(Path(folder, name)), "symlinked folder not followed")
    yield from (_unreadable(error) for error in errors)


def _read_file(path: Path, max_bytes: int, columns) -> Iterator[RawDocument | DocumentError]:
    if path.exists() and not path.is_file():
        yield ReadError(str(path), "not a regular file")  # a pipe or a device: reading could block forever
        return
    try:
        file = path.open("rb")
    except OSError as error:
        yield _unreadable(error)
        return
    with file:
        yield from _read_stream(str(path), path.name, file, max_bytes, columns, 0)


def _read_stream(source: str, name: str, stream, max_bytes: int, columns, depth: int) -> Iterator:
    """Yield the documents of one file, read from `stream`, by the format its name says.

    :param depth: how many archives hold the file.
    """
    kind, gzipped = _format_of(name)
    if gzipped:
        stream = gzip.GzipFile(fileobj=stream)  # unpacked as it is read: a gzip bomb stops at the limit
    if kind is None:
        head = _read_at_most(source, stream, HEAD_BYTES)
        if isinstance(head, bytes):
            head = ReadError(source, f"unsupported format: {detect_type(head, name)}")
        yield head
    elif kind in ("zip", "tar") and depth >= MAX_DEPTH:
        yield ReadError(source, f"archive nested deeper than {MAX_DEPTH} levels")
    elif kind == "zip":
        yield from _read_zip(source, stream, max_bytes, columns, depth)
    elif kind == "tar":
        yield from _read_tar(source, stream, max_bytes, columns, depth)
    elif kind == "warc":
        yield from read_warc(source, stream, max_bytes)
    elif kind in ("jsonl", "csv", "tsv"):
        try:
            binary = magic_type(stream.peek(HEAD_BYTES))  # a spreadsheet or a gzip file under a wrong name
        except STREAM_ERRORS as error:
            yield ReadError(source, stream_failure(error))
            return
        if binary:
            yield ReadError(source, f"unsupported format: {binary}")
        elif kind == "jsonl":
            yield from read_json_lines(source, stream, max_bytes, columns)
        else:
            yield from read_csv(source, stream, max_bytes, columns, "\t" if kind == "tsv" else ",")
    else:
        yield from _read_whole(source, kind, stream, max_bytes)


def _read_whole(source: str, kind: str, stream, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    """Yield a page, a text scrape, or the items of a feed: formats read whole, up to the size limit."""
    data = _read_at_most(source, stream, max_bytes + 1)
    if isinstance(data, ReadError):
        yield data
    elif len(data) > max_bytes:
        yield ReadError(source, too_large(max_bytes))
    elif kind in ("html", "text"):
        yield RawDocument(source, data, kind)
    elif binary := magic_type(data):
        yield ReadError(source, f"unsupported format: {binary}")
    elif kind == "xml" and not is_feed(data):
        yield ReadError(source, "unsupported format: XML document")
    else:
        yield from read_feed(source, data)


def _read_zip(source: str, stream, max_bytes: int, columns, depth: int) -> Iterator[RawDocument | ReadError]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, *STREAM_ERRORS) as error:
        yield ReadError(source, f"broken zip file: {error}")
        return
    with archive:
        members = sorted(archive.infolist(), key=lambda info: info.filename)
        for info in members[:MAX_MEMBERS]:
            if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
                continue  # folders and symlinks hold no document
            label = f"{source}!{info.filename}"
            if info.flag_bits & 0x1:
                yield ReadError(label, "encrypted archive member")
                continue
            if info.file_size > max_bytes:  # the size it declares, checked before unpacking
                yield ReadError(label, too_large(max_bytes))
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(max_bytes)  # zipfile stops at the declared size, so this is all of it
            except (zipfile.BadZipFile, NotImplementedError, *STREAM_ERRORS) as error:
                yield ReadError(label, f"broken zip file: {error}")
                continue
            yield from _read_member(label, info.filename, data, max_bytes, columns, depth)
    if len(members) > MAX_MEMBERS:
        yield ReadError(source, f"archive holds more than {MAX_MEMBERS:,} members; the rest were not read")


def _read_tar(source: str, stream, max_bytes: int, columns, depth: int) -> Iterator[RawDocument | ReadError]:
    # In the order the archive holds its members, not by name: a compressed tar is one stream,
    # and reading it in any other order would unpack it again for every member out of place.
    try:
        archive = tarfile.open(fileobj=stream, mode="r:*")  # noqa: SIM115 (closed by the `with` below)
    except (tarfile.TarError, *STREAM_ERRORS) as error:
        yield ReadError(source, f"broken tar file: {error}")
        return
    with archive:
        for count in itertools.count(1):
            try:
                info = archive.next()
                wanted = info is not None and info.isfile() and info.size <= max_bytes
                data = archive.extractfile(info).read(max_bytes) if wanted else b""
            except (tarfile.TarError, *STREAM_ERRORS) as error:
                yield ReadError(source, f"broken tar file: {error}")
                return
            if info is None:
                return
            if count > MAX_MEMBERS:
                yield ReadError(source, f"archive holds more than {MAX_MEMBERS:,} members; the rest were not read")
                return
            if not info.isfile():
                continue  # folders, links and devices hold no document
            if wanted:
                yield from _read_member(f"{source}!{info.name}", info.name, data, max_bytes, columns, depth)
            else:
                yield ReadError(f"{source}!{info.name}", too_large(max_bytes))


def _read_member(label: str, path: str, data: bytes, max_bytes: int, columns, depth: int) -> Iterator:
    """Yield the documents of one archive member, given its bytes."""
    member = io.BufferedReader(io.BytesIO(data))
    yield from _read_stream(label, PurePosixPath(path).name, member, max_bytes, columns, depth + 1)


def _read_at_most(source: str, stream, size: int) -> bytes | ReadError:
    try:
        return stream.read(size)
    except STREAM_ERRORS as error:
        return ReadError(source, stream_failure(error))


def _unreadable(error: OSError) -> ReadError:
    return ReadError(str(error.filename), f"cannot read: {error.strerror}")
