import json

import pytest

import ingest
from conftest import PAGES, shared
from index import Query, open_index, search


def test_dry_run_json_prints_one_object_per_document(capsys):
    assert ingest.main([str(PAGES), "--dry-run", "--json", "--collection", "fixtures", "--quiet"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 6
    fields = "id source_path url title text language published countries actors collection"
    provenance = "extraction_method encoding language_confidence date_source date_precision outlet author"
    assert set(lines[0]) >= {*fields.split(), *provenance.split()}
    assert {line["collection"] for line in lines} == {"fixtures"}


def test_seed_dry_run_matches_expectations(capsys, seed_expected):
    ingest.main([str(shared("seed")), "--dry-run", "--json", "--quiet"])
    for line in map(json.loads, capsys.readouterr().out.splitlines()):
        name = line["source_path"].rsplit("/", 1)[-1]
        assert line["title"] == seed_expected["title"] and line["language"] == seed_expected["language"]
        assert line["published"] == seed_expected["published"][name]
        assert {"AM", "AZ"} <= set(line["countries"])


def test_import_writes_index_and_report_and_reimport_duplicates_nothing(tmp_path, capsys):
    index_dir, report = tmp_path / "index", tmp_path / "report.json"
    assert ingest.main([str(PAGES), "--index", str(index_dir), "--report", str(report), "--quiet"]) == 0
    first = json.loads(report.read_text())
    assert (first["new"], first["failed"]) == (6, 0)
    ingest.main([str(PAGES), "--index", str(index_dir), "--report", str(report), "--quiet"])
    again = json.loads(report.read_text())
    assert (again["new"], again["unchanged"]) == (0, 6)
    assert open_index(index_dir).doc_count() == 6
    assert "0 new, 0 changed, 6 unchanged" in capsys.readouterr().err


def test_bad_documents_are_reported_and_the_rest_imported(tmp_path):
    (tmp_path / "good.html").write_text("<h1>Talks</h1><p>Delegations met in Geneva to discuss a truce.</p>")
    (tmp_path / "empty.html").write_text("")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    index_dir, report = tmp_path / "index", tmp_path / "report.json"
    assert ingest.main([str(tmp_path), "--index", str(index_dir), "--report", str(report), "--quiet"]) == 0
    data = json.loads(report.read_text())
    reasons = {f["source_path"].rsplit("/", 1)[-1]: f["reason"] for f in data["failures"]}
    assert reasons == {"empty.html": "empty after cleaning", "binary.html": "binary file"}
    assert data["new"] == 1


def test_default_report_goes_under_the_index(tmp_path):
    ingest.main([str(PAGES / "khartoum-talks.html"), "--index", str(tmp_path), "--quiet"])
    assert len(list((tmp_path / "reports").glob("import-*.json"))) == 1


def test_bad_usage_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        ingest.main(["--no-such-option"])
    assert exit_info.value.code == 2


def test_unusable_index_directory_exits_1(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert ingest.main([str(PAGES), "--index", str(blocker / "index"), "--quiet"]) == 1


def test_collections_are_listed_and_deleted(tmp_path, capsys):
    index_dir = str(tmp_path / "index")
    ingest.main([str(PAGES / "khartoum-talks.html"), "--index", index_dir, "--collection", "sudan", "--quiet"])
    ingest.main([str(PAGES / "mariupol-siege.html"), str(PAGES / "grozny-ru.html"), "--index", index_dir,
                 "--collection", "europe", "--quiet"])  # fmt: skip
    capsys.readouterr()
    assert ingest.main(["--list-collections", "--index", index_dir]) == 0
    assert capsys.readouterr().out.split() == ["2", "europe", "1", "sudan"]
    assert ingest.main(["--delete-collection", "europe", "--index", index_dir]) == 0
    assert "deleted 2 documents" in capsys.readouterr().err
    ingest.main(["--list-collections", "--index", index_dir])
    assert capsys.readouterr().out.split() == ["1", "sudan"]


def test_field_map_and_workers_are_checked(capsys):
    for bad in (["x", "--map", "headline"], ["x", "--map", "colour=red"], ["x", "--workers", "0"]):
        with pytest.raises(SystemExit) as exit_info:
            ingest.main(bad)
        assert exit_info.value.code == 2


def test_optimize_merges_the_index_into_one_segment_and_keeps_every_article(tmp_path):
    index_dir = tmp_path / "index"
    for page in sorted(PAGES.iterdir()):  # one import, one commit, one segment per page
        assert ingest.main([str(page), "--index", str(index_dir), "--quiet"]) == 0
    before = search(open_index(index_dir), Query("")).total
    assert ingest.main(["--optimize", "--index", str(index_dir)]) == 0
    with open_index(index_dir).reader() as reader:
        assert len(reader.leaf_readers()) == 1
    assert search(open_index(index_dir), Query("")).total == before
