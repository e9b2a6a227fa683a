"""A messy collection: the import finishes, every good document is indexed, every bad one reported."""

import gzip
import io
import json
import zipfile

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import ingest
from index import open_index


def page(title: str, body: str, charset: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}<title>{title}</title></head><body><h1>{title}</h1><p>{body}</p></body></html>"


GOOD_TEXT = "Delegations met in Geneva on Monday to discuss a ceasefire, diplomats said after the talks ended."


def warc_with_two_records(path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, kind, payload in [
            ("https://news.example/2021/03/02/talks/", "text/html", page("Warc talks", GOOD_TEXT).encode()),
            ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(payload), length=len(payload), http_headers=headers
            )
            writer.write_record(record)


def nested_zip(path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("inner/page.html", page("Inner zip talks", GOOD_TEXT))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("outer.html", page("Outer zip talks", GOOD_TEXT))
        archive.writestr("nested.zip", inner.getvalue())


def test_messy_collection_imports_the_good_and_reports_the_bad(tmp_path):
    source = tmp_path / "collection"
    source.mkdir()
    (source / "good.html").write_text(page("Good page", GOOD_TEXT))
    (source / "empty.html").write_bytes(b"")
    (source / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (source / "cut.html.gz").write_bytes(gzip.compress(page("Cut", GOOD_TEXT * 20).encode())[:60])
    russian = "Переговоры о прекращении огня возобновились в Женеве, сообщили дипломаты после встречи."
    (source / "cp1251.html").write_bytes(page("Переговоры", russian).encode("cp1251"))
    japanese = "停戦交渉がジュネーブで再開されたと外交官が月曜日に明らかにした。双方の代表団が出席した。"
    (source / "sjis.html").write_bytes(page("停戦交渉", japanese).encode("shift_jis"))
    (source / "huge.html").write_text(page("Huge", "x " * 26_000_000))  # 52 MB
    first = {"title": "Line talks", "text": GOOD_TEXT, "url": "https://l.example/1"}
    second = {"title": "Line two", "text": GOOD_TEXT + " Again.", "url": "https://l.example/2"}
    lines = [json.dumps(first), "{broken", "", json.dumps(second), "[1, 2"]
    (source / "export.jsonl").write_text("\n".join(lines) + "\n")
    (source / "no-text.csv").write_text("headline,date\nTalks resume,2021-03-02\n")
    warc_with_two_records(source / "crawl.warc.gz")
    nested_zip(source / "bundle.zip")
    (source / "loop").mkdir()
    (source / "loop" / "back").symlink_to(source, target_is_directory=True)
    (source / "gone.html").symlink_to(source / "deleted.html")  # unreadable by anyone

    index_dir, report_path = tmp_path / "index", tmp_path / "report.json"
    assert ingest.main([str(source), "--index", str(index_dir), "--report", str(report_path), "--quiet"]) == 0

    report = json.loads(report_path.read_text())
    reasons = {f["source_path"].removeprefix(f"{source}/"): f["reason"] for f in report["failures"]}
    assert reasons == {
        "empty.html": "empty after cleaning",
        "photo.html": "binary file",
        "cut.html.gz": reasons["cut.html.gz"],
        "huge.html": "file larger than --max-bytes (20,971,520 bytes)",
        "export.jsonl:2": reasons["export.jsonl:2"],
        "export.jsonl:5": reasons["export.jsonl:5"],
        "no-text.csv": reasons["no-text.csv"],
        f"crawl.warc.gz#offset={reasons_offset(reasons)}": "unsupported format: image/png record",
        "loop/back": reasons["loop/back"],
        "gone.html": reasons["gone.html"],
    }
    assert reasons["cut.html.gz"].startswith("broken gzip file")
    assert reasons["export.jsonl:2"].startswith("malformed JSON on line 2")
    assert reasons["export.jsonl:5"].startswith("malformed JSON on line 5")
    assert reasons["no-text.csv"].startswith("no text column")
    assert reasons["gone.html"].startswith("cannot read")

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        titles = sorted(d["title"] for d in searcher.documents())
    assert titles == sorted(["Good page", "Переговоры", "停戦交渉", "Line talks", "Line two", "Warc talks",
                             "Outer zip talks", "Inner zip talks"])  # fmt: skip
    assert report["new"] == len(titles) and report["failed"] == len(reasons)
    with ix.searcher() as searcher:
        texts = {d["title"]: d["body"] for d in searcher.documents()}
    assert texts["Переговоры"] == russian and texts["停戦交渉"] == japanese  # no mojibake


def reasons_offset(reasons: dict[str, str]) -> str:
    return next(path.split("#offset=")[1] for path in reasons if path.startswith("crawl.warc.gz#offset="))
