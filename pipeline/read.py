"""Read stage: paths in, RawDocuments out (bytes plus what kind of document they hold)."""

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DocumentError, ReadError

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawDocument:
    source_path: str
    data: bytes
    kind: str  # "html" or "text"
    url: str | None = None  # where the document was fetched from, when the source says


def read_sources(paths, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | DocumentError]:
    """Yield every supported document under `paths`, or the error that stopped one."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from _read_tree(path, max_bytes)
        elif path.exists():
            yield _read_file(path, max_bytes)
        else:
            yield ReadError(str(path), "no such file or directory")


def kind_of(path: Path) -> str | None:
    """Return "html" or "text" from the file name (gzip allowed), or None if unsupported."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def _read_tree(root: Path, max_bytes: int) -> Iterator[RawDocument | DocumentError]:
    errors: list[OSError] = []
    # Sorted, so runs and their reports keep one order; symlinked folders are not followed,
    # so a symlink loop cannot make the walk endless.
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        yield from (_unreadable(error) for error in errors)
        errors.clear()
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if kind_of(path):
                yield _read_file(path, max_bytes)
    yield from (_unreadable(error) for error in errors)


def _read_file(path: Path, max_bytes: int) -> RawDocument | DocumentError:
    kind = kind_of(path)
    if kind is None:
        return ReadError(str(path), f"unsupported format: {path.suffix or 'no extension'}")
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        return _unreadable(error)
    if len(data) <= max_bytes and path.suffix.lower() == ".gz":
        try:
            # Unpack at most max_bytes + 1: a gzip bomb stops there.
            data = gzip.GzipFile(fileobj=io.BytesIO(data)).read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            return ReadError(str(path), f"broken gzip file: {error}")
    if len(data) > max_bytes:
        return ReadError(str(path), f"file larger than --max-bytes ({max_bytes:,} bytes)")
    return RawDocument(str(path), data, kind)


def _unreadable(error: OSError) -> ReadError:
    return ReadError(str(error.filename), f"cannot read: {error.strerror}")
