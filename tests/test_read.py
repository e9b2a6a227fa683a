import gzip
import os

from pipeline.errors import DocumentError
from pipeline.read import RawDocument, read_sources


def read_all(*paths, **options):
    items = list(read_sources(paths, **options))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, DocumentError)]


def test_folder_is_read_recursively_in_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.htm").write_text("<p>two</p>")
    (tmp_path / "a.html").write_text("<p>one</p>")
    (tmp_path / "note.txt").write_text("Title\n\nBody")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    docs, errors = read_all(tmp_path)
    assert [os.path.relpath(d.source_path, tmp_path) for d in docs] == ["a.html", "note.txt", "b/two.htm"]
    assert [d.kind for d in docs] == ["html", "text", "html"]
    assert errors == []


def test_gzipped_page_is_unpacked(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>packed</p>"))
    docs, _ = read_all(tmp_path / "page.html.gz")
    assert docs[0].data == b"<p>packed</p>" and docs[0].kind == "html"


def test_broken_gzip_is_reported_by_name(tmp_path):
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(b"<p>" + b"x" * 5000 + b"</p>")[:40])
    _, errors = read_all(tmp_path)
    assert errors[0].source_path.endswith("cut.html.gz") and "broken gzip" in errors[0].reason


def test_gzip_bomb_stops_at_the_size_limit(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"a" * 5_000_000))
    _, errors = read_all(tmp_path, max_bytes=1_000_000)
    assert "larger than --max-bytes" in errors[0].reason


def test_missing_path_and_unsupported_file_are_reported(tmp_path):
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    _, errors = read_all(tmp_path / "nowhere", tmp_path / "table.xlsx")
    assert [e.reason for e in errors] == ["no such file or directory", "unsupported format: .xlsx"]


def test_unreadable_file_is_reported(tmp_path):
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted-target.html")  # dangling: unreadable by anyone
    _, errors = read_all(tmp_path)
    assert errors[0].source_path == str(tmp_path / "gone.html") and "cannot read" in errors[0].reason


def test_symlink_loop_ends(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "page.html").write_text("<p>x</p>")
    docs, _ = read_all(tmp_path)
    assert len(docs) == 1
