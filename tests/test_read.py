import gzip
import io
import json
import os
import tarfile
import zipfile
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.errors import DocumentError
from pipeline.formats import detect_type
from pipeline.read import RawDocument, container_of, kind_of, read_sources

PAGE = b"<html><body><p>Talks stalled in Geneva.</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def read_all(*paths, **options):
    items = list(read_sources(paths, **options))
    return [i for i in items if isinstance(i, RawDocument)], [i for i in items if isinstance(i, DocumentError)]


def reasons(errors):
    return [(e.source_path, e.reason) for e in errors]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# Files and folders


def test_folder_is_read_recursively_in_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.htm").write_text("<p>two</p>")
    (tmp_path / "a.html").write_text("<p>one</p>")
    (tmp_path / "note.txt").write_text("Title\n\nBody")
    (tmp_path / "image.png").write_bytes(PNG)
    docs, errors = read_all(tmp_path)
    assert [os.path.relpath(d.source_path, tmp_path) for d in docs] == ["a.html", "note.txt", "b/two.htm"]
    assert [d.kind for d in docs] == ["html", "text", "html"]
    assert reasons(errors) == [(str(tmp_path / "image.png"), "unsupported format: PNG image")]


def test_gzipped_page_is_unpacked(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(b"<p>packed</p>"))
    docs, _ = read_all(tmp_path / "page.html.gz")
    assert docs[0].data == b"<p>packed</p>" and docs[0].kind == "html"
    assert kind_of(tmp_path / "page.html.gz") == "html" and kind_of(tmp_path / "feed.rss") is None


def test_broken_gzip_is_reported_by_name(tmp_path):
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(b"<p>" + b"x" * 5000 + b"</p>")[:40])
    _, errors = read_all(tmp_path)
    assert errors[0].source_path.endswith("cut.html.gz") and errors[0].reason.startswith("broken gzip file: ")


def test_gzip_bomb_stops_at_the_size_limit(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"a" * 5_000_000))
    _, errors = read_all(tmp_path, max_bytes=1_000_000)
    assert errors[0].reason == "file larger than --max-bytes (1,000,000 bytes)"


def test_missing_path_and_unsupported_file_are_reported(tmp_path):
    (tmp_path / "table.xlsx").write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b""}))
    _, errors = read_all(tmp_path / "nowhere", tmp_path / "table.xlsx")
    assert [e.reason for e in errors] == ["no such file or directory", "unsupported format: Office Open XML document"]


def test_unreadable_file_is_reported(tmp_path):
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted-target.html")  # dangling: unreadable by anyone
    _, errors = read_all(tmp_path)
    assert errors[0].source_path == str(tmp_path / "gone.html") and "cannot read" in errors[0].reason


def test_symlink_loop_ends_and_the_symlinked_folder_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "page.html").write_text("<p>x</p>")
    docs, errors = read_all(tmp_path)
    assert len(docs) == 1
    assert reasons(errors) == [(str(tmp_path / "sub" / "loop"), "symlinked folder not followed")]


def test_version_control_folders_are_skipped_and_hidden_and_special_files_reported(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + b"\x00" * 20)
    os.mkfifo(tmp_path / "pipe.html")  # opening it would wait for a writer forever
    _, errors = read_all(tmp_path)
    assert reasons(errors) == [
        (str(tmp_path / ".DS_Store"), "unsupported format: Finder folder settings (.DS_Store)"),
        (str(tmp_path / "pipe.html"), "not a regular file"),
    ]


def test_unknown_files_are_named_by_their_leading_bytes(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    (tmp_path / "notes.md").write_text("# Notes\n\nCeasefire talks resume.\n")
    (tmp_path / "nothing.xyz").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)))
    (tmp_path / "page.php").write_text("<!DOCTYPE html><html><p>x</p></html>")
    _, errors = read_all(tmp_path)
    assert [(os.path.basename(path), reason) for path, reason in reasons(errors)] == [
        ("blob.bin", "unsupported format: binary data"),
        ("notes.md", "unsupported format: text (.md)"),
        ("nothing.xyz", "unsupported format: empty file"),
        ("page.php", "unsupported format: HTML document (.php)"),
        ("report.pdf", "unsupported format: PDF document"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "photo.jpeg", "JPEG image"),
        (b"GIF89a\x01\x00", "anim.gif", "GIF image"),
        (b"\x1f\x8b\x08\x00", "data.gz", "gzip data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "old.doc", "Microsoft Office document (OLE)"),
        (b"\x7fELF\x02\x01\x01", "tool", "ELF executable"),
        (b"SQLite format 3\x00\x10\x00", "cache.db", "SQLite database"),
        (b"PK\x03\x04\x14\x00", "bundle.jar", "ZIP archive"),
        (b'<?xml version="1.0"?><svg/>', "icon.svg", "XML document (.svg)"),
        (b"plain words", "README", "text (no extension)"),
    ],
)
def test_detect_type_names_common_formats(data, name, kind):
    assert detect_type(data, name) == kind


@pytest.mark.parametrize(
    ("source_path", "container"),
    [
        ("in/page.html", "in/page.html"),
        ("in/a.zip!dir/page.html", "in/a.zip"),
        ("in/A.TGZ!b.zip!page.html", "in/A.TGZ"),
        ("in/crawl.warc.gz#offset=12345", "in/crawl.warc.gz"),
        ("in/export.jsonl:17", "in/export.jsonl"),
        ("in/export.csv.gz:3", "in/export.csv.gz"),
        ("in/feed.xml#item=3", "in/feed.xml"),
        ("in/notes:2", "in/notes:2"),  # a file name with a colon, not a line of an export
    ],
)
def test_container_of_names_the_file_a_document_came_from(source_path, container):
    assert container_of(source_path) == container


# Web archives


def write_warc(path, *, gzip_records: bool = True) -> dict[str, int]:
    """Write a small crawl to `path`; return the offset of each record by a short name."""
    offsets = {}
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gzip_records)

        def write(name, record):
            offsets[name] = file.tell()
            writer.write_record(record)

        def response(url, content_type, body, status="200 OK", date=None):
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            headers = {"WARC-Date": date} if date else None
            return writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict=headers,
            )

        write("warcinfo", writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = StatusAndHeaders("GET /talks HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        write(
            "request",
            writer.create_warc_record(
                "https://news.example/talks", "request", payload=io.BytesIO(b""), length=0, http_headers=request
            ),
        )
        write(
            "page",
            response("https://news.example/talks", "text/html; charset=utf-8", PAGE, date="2020-10-03T12:00:00Z"),
        )
        write("image", response("https://news.example/logo.png", "image/png", PNG))
        write("missing", response("https://news.example/gone", "text/html", b"<p>Not found</p>", "404 Not Found"))
        write("xhtml", response("https://news.example/x", "application/xhtml+xml", PAGE, date="2020-10-04T08:30:00Z"))
    return offsets


def test_warc_html_responses_become_pages_and_other_responses_are_reported(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    docs, errors = read_all(path)
    assert [(d.source_path, d.kind, d.url, d.retrieved, d.data) for d in docs] == [
        (
            f"{path}#offset={offsets['page']}",
            "html",
            "https://news.example/talks",
            datetime(2020, 10, 3, 12, tzinfo=UTC),
            PAGE,
        ),
        (
            f"{path}#offset={offsets['xhtml']}",
            "html",
            "https://news.example/x",
            datetime(2020, 10, 4, 8, 30, tzinfo=UTC),
            PAGE,
        ),
    ]
    assert reasons(errors) == [
        (f"{path}#offset={offsets['image']}", "unsupported format: image/png record"),
        (f"{path}#offset={offsets['missing']}", "HTTP 404 response, not a page"),
    ]


def test_uncompressed_warc_is_read_too(tmp_path):
    path = tmp_path / "crawl.warc"
    offsets = write_warc(path, gzip_records=False)
    docs, _ = read_all(path)
    assert [d.source_path for d in docs] == [f"{path}#offset={offsets['page']}", f"{path}#offset={offsets['xhtml']}"]


def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    path.write_bytes(path.read_bytes()[: offsets["image"] + 60])  # a gzip member cut before its first line
    docs, errors = read_all(path)
    assert [d.source_path for d in docs] == [f"{path}#offset={offsets['page']}"]
    assert reasons(errors) == [(f"{path}#offset={offsets['image']}", "broken WARC file: record cut short")]


def test_warc_cut_inside_a_record_loses_that_record(tmp_path):
    path = tmp_path / "crawl.warc"
    offsets = write_warc(path, gzip_records=False)
    path.write_bytes(path.read_bytes()[: offsets["image"] - 10])  # six bytes of the page are missing
    docs, errors = read_all(path)
    assert docs == []
    assert reasons(errors) == [(f"{path}#offset={offsets['page']}", "broken WARC file: record cut short")]


def test_corrupt_warc_is_reported_after_the_good_records(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip_records=False)
    path.write_bytes(path.read_bytes() + b"this is not a WARC record\r\n\r\n")
    docs, errors = read_all(path)
    assert len(docs) == 2
    assert reasons(errors)[-1] == (
        str(path),
        "broken WARC file: Invalid WARC record, first line: this is not a WARC record",
    )


def test_warc_record_over_the_size_limit_is_reported(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path)
    _, errors = read_all(path, max_bytes=len(PAGE) - 1)
    assert (f"{path}#offset={offsets['page']}", f"record larger than --max-bytes ({len(PAGE) - 1:,} bytes)") in reasons(
        errors
    )


# JSON Lines


def test_json_lines_become_records_and_bad_lines_are_reported(tmp_path):
    lines = [
        json.dumps(
            {"url": "https://news.example/1", "headline": " Truce ", "body": "Talks resume.", "date": "2020-10-03"}
        ),
        "{not json",
        "",
        json.dumps({"title": "No text", "published": "2020-10-04"}),
        "[" * 100_000,
        json.dumps(["a", "list"]),
        json.dumps({"text": "Second story", "lang": "fr", "source": 42, "published": {"nested": 1}, "title": ""}),
        '{"text": "cut',
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n")
    docs, errors = read_all(path)
    assert [(d.source_path, d.kind, d.data, d.url, d.fields, d.date_source) for d in docs] == [
        (
            f"{path}:1",
            "record",
            b"",
            "https://news.example/1",
            {"title": "Truce", "text": "Talks resume.", "published": "2020-10-03", "url": "https://news.example/1"},
            "import-field",
        ),
        (f"{path}:7", "record", b"", None, {"text": "Second story", "language": "fr", "source": "42"}, None),
    ]
    assert reasons(errors) == [
        (f"{path}:2", "malformed JSON on line 2: Expecting property name enclosed in double quotes (column 2)"),
        (f"{path}:4", "no text field on line 4 (looked for text, body, content)"),
        (f"{path}:5", "malformed JSON on line 5: nested too deeply"),
        (f"{path}:6", "no text field on line 6 (looked for text, body, content)"),
        (f"{path}:8", "malformed JSON on line 8: Unterminated string starting at (column 10)"),
    ]


def test_json_lines_columns_follow_the_field_map(tmp_path):
    path = tmp_path / "export.ndjson.gz"
    rows = [
        {
            "headline": "Mapped",
            "story": "Mapped text",
            "when": "2021-01-02",
            "link": "https://x.example/a",
            "lang": "en",
        },
        {"headline": "Default text is not read", "text": "ignored"},
    ]
    path.write_bytes(gzip.compress("".join(json.dumps(row) + "\n" for row in rows).encode()))
    field_map = {"title": "headline", "text": "Story", "published": "when", "url": "link"}
    docs, errors = read_all(path, field_map=field_map)
    assert [(d.source_path, d.url, d.fields, d.date_source) for d in docs] == [
        (
            f"{path}:1",
            "https://x.example/a",
            {
                "title": "Mapped",
                "text": "Mapped text",
                "published": "2021-01-02",
                "language": "en",
                "url": "https://x.example/a",
            },
            "import-field",
        )
    ]
    assert reasons(errors) == [(f"{path}:2", "no text field on line 2 (looked for story)")]


def test_field_map_naming_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match=r"unknown field summary \(fields: title, text, published, language"):
        list(read_sources([], field_map={"summary": "abstract"}))


def test_json_line_over_the_size_limit_is_skipped_and_reported(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "short"}) + "\n")
    docs, errors = read_all(path, max_bytes=1000)
    assert [d.source_path for d in docs] == [f"{path}:2"]
    assert reasons(errors) == [(f"{path}:1", "line 1 larger than --max-bytes")]


def test_broken_gzip_export_keeps_the_lines_before_the_break(tmp_path):
    path = tmp_path / "export.jsonl.gz"
    lines = "".join(json.dumps({"text": f"story {n} " + "x" * 200}) + "\n" for n in range(2000))
    packed = gzip.compress(lines.encode())
    path.write_bytes(packed[: len(packed) // 2])
    docs, errors = read_all(path)
    assert docs and [d.source_path for d in docs] == [f"{path}:{n}" for n in range(1, len(docs) + 1)]
    assert len(errors) == 1 and errors[0].source_path == str(path)
    assert errors[0].reason.startswith("broken gzip file: ")


def test_export_that_is_another_format_is_reported_once(tmp_path):
    (tmp_path / "export.jsonl").write_bytes(gzip.compress(b'{"text": "x"}\n' * 100))
    (tmp_path / "sheet.csv").write_bytes(zip_bytes({"[Content_Types].xml": b"<Types/>"}))
    _, errors = read_all(tmp_path)
    assert [e.reason for e in errors] == [
        "unsupported format: gzip data",
        "unsupported format: Office Open XML document",
    ]


# CSV


def test_csv_rows_become_records_and_short_rows_are_reported(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        b"\xef\xbb\xbfURL,Title,Text,Date,Language\r\n"
        b'https://a.example/1,Truce,"Talks resume,\r\nafter a pause.",2020-10-03,en\r\n'
        b"https://a.example/2,Short,Row\r\n"
        b",,,,\r\n"
        b"\r\n"
        b"https://a.example/3,No text,,2020-10-05,en\r\n"
        b"https://a.example/4,Caf\xe9,Cr\xe8me,,fr\r\n"
    )
    docs, errors = read_all(path)
    assert [(d.source_path, d.kind, d.url, d.fields, d.date_source) for d in docs] == [
        (
            f"{path}:2",
            "record",
            "https://a.example/1",
            {
                "title": "Truce",
                "text": "Talks resume,\r\nafter a pause.",
                "published": "2020-10-03",
                "language": "en",
                "url": "https://a.example/1",
            },
            "import-field",
        ),
        (
            f"{path}:8",
            "record",
            "https://a.example/4",
            {"title": "Café", "text": "Crème", "language": "fr", "url": "https://a.example/4"},
            None,
        ),
    ]
    assert reasons(errors) == [
        (f"{path}:4", "row 4 has 3 columns, the header has 5"),
        (f"{path}:7", "no text field on row 7 (looked for text, body, content)"),
    ]


def test_tsv_with_a_mapped_column(tmp_path):
    path = tmp_path / "export.tsv.gz"
    path.write_bytes(gzip.compress(b"headline\tstory\nTruce holds\tThe truce held overnight.\n"))
    docs, errors = read_all(path, field_map={"text": "story", "title": "headline"})
    assert [(d.source_path, d.fields) for d in docs] == [
        (f"{path}:2", {"title": "Truce holds", "text": "The truce held overnight."})
    ]
    assert errors == []


def test_csv_without_a_text_column_is_one_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("url,title\nhttps://a.example/1,Truce\nhttps://a.example/2,Talks\n")
    docs, errors = read_all(path)
    assert docs == [] and reasons(errors) == [(str(path), "no text column (looked for text, body, content)")]


def test_csv_unbalanced_quote_stops_with_a_bounded_error(tmp_path):
    path = tmp_path / "export.csv"
    rows = ["title,text", "Truce,Talks resume.", 'Cut,"This quote never ends'] + ["more words, and more"] * 5000
    path.write_text("\n".join(rows) + "\n")
    docs, errors = read_all(path, max_bytes=10_000)
    assert [d.source_path for d in docs] == [f"{path}:2"]
    assert reasons(errors) == [(f"{path}:3", "row 3: field larger than --max-bytes, unbalanced quote?")]


def test_csv_line_that_is_no_text_is_reported(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"text\nfine\n\x81\x8d\x8f\xff\nalso fine\n" + b"x" * 200 + b"\nlast\n")
    docs, errors = read_all(path, max_bytes=100)
    assert [d.fields["text"] for d in docs] == ["fine", "also fine", "last"]
    assert reasons(errors) == [
        (f"{path}:3", "line 3 is neither UTF-8 nor Windows-1252 text"),
        (f"{path}:5", "line 5 larger than --max-bytes"),
    ]


def test_empty_exports_are_reported(tmp_path):
    for name in ("export.csv", "export.jsonl", "crawl.warc"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n  \n")
    _, errors = read_all(tmp_path)
    assert [(os.path.basename(path), reason) for path, reason in reasons(errors)] == [
        ("blank.jsonl", "empty file"),
        ("crawl.warc", "empty file"),
        ("export.csv", "empty file"),
        ("export.jsonl", "empty file"),
    ]


# Feeds

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kashmir Wire</title><link>https://kw.example/</link><language>en</language>
<item><title>Talks stall</title><link>https://kw.example/a</link><pubDate>Sat, 03 Oct 2020 01:00:00 +0200</pubDate>
<description>&lt;p&gt;Talks &lt;b&gt;stalled&lt;/b&gt; in Geneva.&lt;/p&gt;</description></item>
<item><title>Undated</title><link>https://kw.example/b</link><description>No date here.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id><updated>2021-02-03T04:05:06Z</updated>
<entry><title>One</title><link href="https://an.example/1"/><id>1</id><updated>2021-02-01T23:30:00-05:00</updated>
<content type="html">&lt;p&gt;Full text&lt;/p&gt;</content><summary>Short</summary></entry>
<entry><title>Two</title><link href="https://an.example/2"/><id>2</id><summary>Only summary</summary></entry>
</feed>"""


def test_rss_items_become_records(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_bytes(RSS)
    docs, errors = read_all(path)
    assert [(d.source_path, d.kind, d.url, d.fields, d.date_source) for d in docs] == [
        (
            f"{path}#item=1",
            "record",
            "https://kw.example/a",
            {
                "title": "Talks stall",
                "text": "<p>Talks <b>stalled</b> in Geneva.</p>",
                "published": "2020-10-03",  # the day in the feed's time zone, 2 October in UTC
                "language": "en",
                "source": "Kashmir Wire",
                "url": "https://kw.example/a",
            },
            "feed",
        ),
        (
            f"{path}#item=2",
            "record",
            "https://kw.example/b",
            {
                "title": "Undated",
                "text": "No date here.",
                "language": "en",
                "source": "Kashmir Wire",
                "url": "https://kw.example/b",
            },
            None,
        ),
    ]
    assert errors == []


def test_atom_entries_become_records_from_an_xml_file(tmp_path):
    path = tmp_path / "news.xml"
    path.write_bytes(ATOM)
    docs, errors = read_all(path)
    assert [(d.source_path, d.fields, d.date_source) for d in docs] == [
        (
            f"{path}#item=1",
            {
                "title": "One",
                "text": "<p>Full text</p>",
                "published": "2021-02-01",
                "source": "Atom News",
                "url": "https://an.example/1",
            },
            "feed",
        ),
        (
            f"{path}#item=2",
            {"title": "Two", "text": "Only summary", "source": "Atom News", "url": "https://an.example/2"},
            None,
        ),
    ]
    assert errors == []


def test_broken_empty_and_non_feeds_are_reported(tmp_path):
    (tmp_path / "broken.rss").write_bytes(b"<rss version='2.0'><channel><title>x")
    (tmp_path / "empty.atom").write_bytes(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing</title></feed>')
    (tmp_path / "sitemap.xml").write_bytes(b'<?xml version="1.0"?><urlset><url><loc>https://x</loc></url></urlset>')
    (tmp_path / "untitled.rss").write_bytes(
        b"<rss version='2.0'><channel><item><title>Only a title</title></item></channel></rss>"
    )
    _, errors = read_all(tmp_path)
    assert [(os.path.basename(path), reason) for path, reason in reasons(errors)] == [
        ("broken.rss", "parse error: no element found"),
        ("empty.atom", "feed has no items"),
        ("sitemap.xml", "unsupported format: XML document"),
        ("untitled.rss#item=1", "no text in item 1 (looked for content, summary)"),
    ]


# Archives


def test_zip_is_read_in_member_order_without_unpacking(tmp_path):
    path = tmp_path / "bundle.zip"
    inner = zip_bytes({"deep.html": PAGE})
    path.write_bytes(
        zip_bytes(
            {
                "pages/b.html": PAGE,
                "pages/": b"",
                "a.txt": b"Title\n\nBody",
                "inner.zip": inner,
                "report.pdf": b"%PDF-1.4\n",
                "feed.rss.gz": gzip.compress(RSS),
            }
        )
    )
    docs, errors = read_all(tmp_path)
    assert [(d.source_path, d.kind) for d in docs] == [
        (f"{path}!a.txt", "text"),
        (f"{path}!feed.rss.gz#item=1", "record"),
        (f"{path}!feed.rss.gz#item=2", "record"),
        (f"{path}!inner.zip!deep.html", "html"),
        (f"{path}!pages/b.html", "html"),
    ]
    assert docs[0].data == b"Title\n\nBody" and docs[3].data == PAGE
    assert reasons(errors) == [(f"{path}!report.pdf", "unsupported format: PDF document")]


def test_tar_gz_is_read_in_archive_order(tmp_path):
    path = tmp_path / "bundle.tgz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in {"z.html": PAGE, "a/export.jsonl": b'{"text": "From a tar"}\n'}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link.html")
        link.type, link.linkname = tarfile.SYMTYPE, "z.html"
        archive.addfile(link)
        folder = tarfile.TarInfo("a")
        folder.type = tarfile.DIRTYPE
        archive.addfile(folder)
    path.write_bytes(buffer.getvalue())
    docs, errors = read_all(path)
    assert [(d.source_path, d.kind) for d in docs] == [
        (f"{path}!z.html", "html"),
        (f"{path}!a/export.jsonl:1", "record"),
    ]
    assert errors == []
    _, errors = read_all(path, max_bytes=len(PAGE) - 1)
    assert reasons(errors)[0] == (f"{path}!z.html", f"file larger than --max-bytes ({len(PAGE) - 1:,} bytes)")


def test_truncated_tar_keeps_the_members_before_the_cut(tmp_path):
    path = tmp_path / "bundle.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in {"a.html": PAGE, "b.html": b"<p>" + b"x" * 20_000 + b"</p>"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    path.write_bytes(path.read_bytes()[:5000])
    docs, errors = read_all(path)
    assert [d.source_path for d in docs] == [f"{path}!a.html"]
    assert reasons(errors) == [(str(path), "broken tar file: unexpected end of data")]


def test_zip_bomb_member_is_refused_by_its_declared_size(tmp_path):
    path = tmp_path / "bomb.zip"
    path.write_bytes(zip_bytes({"zeros.html": bytes(50 * 1024 * 1024), "ok.html": PAGE}))
    assert path.stat().st_size < 100_000
    docs, errors = read_all(path, max_bytes=1024 * 1024)
    assert [d.source_path for d in docs] == [f"{path}!ok.html"]
    assert reasons(errors) == [(f"{path}!zeros.html", "file larger than --max-bytes (1,048,576 bytes)")]


def test_archives_nested_deeper_than_three_levels_are_refused(tmp_path):
    data = zip_bytes({"page.html": PAGE})
    for name in ("d.zip", "c.zip", "b.zip"):
        data = zip_bytes({name: data, "page.html": PAGE})
    (tmp_path / "a.zip").write_bytes(data)
    docs, errors = read_all(tmp_path / "a.zip")
    a = tmp_path / "a.zip"
    assert [d.source_path for d in docs] == [f"{a}!b.zip!c.zip!page.html", f"{a}!b.zip!page.html", f"{a}!page.html"]
    assert reasons(errors) == [(f"{a}!b.zip!c.zip!d.zip", "archive nested deeper than 3 levels")]


def test_encrypted_and_broken_zips_are_reported(tmp_path):
    data = bytearray(zip_bytes({"secret.html": PAGE}))
    # zipfile cannot encrypt: set the "encrypted" flag in the local and central headers by hand.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + flag_offset
        data[at] |= 1
    (tmp_path / "locked.zip").write_bytes(bytes(data))
    (tmp_path / "cut.zip").write_bytes(zip_bytes({"page.html": PAGE})[:30])
    _, errors = read_all(tmp_path)
    assert reasons(errors) == [
        (str(tmp_path / "cut.zip"), "broken zip file: File is not a zip file"),
        (f"{tmp_path / 'locked.zip'}!secret.html", "encrypted archive member"),
    ]


def test_archive_of_too_many_members_is_stopped(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(100_001):
            archive.mkdir(f"d{n:06}")
    _, errors = read_all(path)
    assert reasons(errors) == [(str(path), "archive holds more than 100,000 members; the rest were not read")]
