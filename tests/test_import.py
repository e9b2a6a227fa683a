"""The import as librarians run it: parallel, resumable after kill -9, searchable while it runs."""

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

import ingest
from app import create_app
from bench.generate import generate
from index import Query, open_index, search
from pipeline import ImportJob, ImportReport, prepared_articles, run_import
from pipeline.read import RawDocument, read_sources
from pipeline.report import Failure
from pipeline.run import _prepare_chunk, _within_limit, prepare, source_key

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 360, seed=7)  # pages as heavy as real ones: 36 MB
    return folder


def stored_state(index_dir: Path) -> dict[str, tuple]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return {d["doc_id"]: (d["fingerprint"], d["cluster_id"], tuple(d["paths"])) for d in searcher.documents()}


def test_workers_give_the_same_articles_as_one_process(generated):
    sample = ImportJob((generated / sorted(os.listdir(generated))[0],), "g", workers=1)
    serial = list(prepared_articles(sample, ImportReport("g")))
    parallel = list(prepared_articles(ImportJob(sample.sources, "g", workers=2), ImportReport("g")))
    assert len(serial) > 5 and serial == parallel


def test_a_chunk_cleaned_then_tagged_gives_each_document_its_own_article(generated):
    folder = generated / sorted(os.listdir(generated))[0]
    raws = [raw for raw in read_sources([folder]) if isinstance(raw, RawDocument)][:20]
    raws.insert(3, RawDocument("empty.html", b"", "html"))  # a failure among them keeps its place
    chunk = [(raw, source_key(raw)) for raw in raws]
    outcomes = _prepare_chunk(chunk, "g", frozenset(), 60)
    assert isinstance(outcomes[3], Failure) and outcomes[3].source_path == "empty.html"
    expected = [replace(prepare(raw, "g"), source_key=key) for raw, key in chunk if raw.data]
    assert [outcome for outcome in outcomes if not isinstance(outcome, Failure)] == expected


def test_a_stage_is_stopped_when_its_document_s_time_is_up():
    started = time.monotonic()
    outcome = _within_limit(RawDocument("slow.txt", b"", "text"), 0.05, 60, time.sleep, 5)
    assert isinstance(outcome, Failure) and "longer than 60 s" in outcome.reason
    assert time.monotonic() - started < 1  # stopped at the time left (0.05 s), not the whole limit


def test_a_byte_bound_on_documents_in_flight_still_brings_every_article_in_order(generated, monkeypatch):
    import pipeline.run

    sample = ImportJob((generated / sorted(os.listdir(generated))[0],), "g", workers=2)
    unbounded = list(prepared_articles(sample, ImportReport("g")))
    monkeypatch.setattr(pipeline.run, "IN_FLIGHT_BYTES", 1)  # one chunk of documents in flight at a time
    assert list(prepared_articles(sample, ImportReport("g"))) == unbounded


def test_a_batch_of_long_articles_is_committed_before_it_is_full(generated, tmp_path):
    sample = ImportJob((generated / sorted(os.listdir(generated))[0],), "g", workers=1)
    commits = []
    whole = run_import(sample, tmp_path / "whole", on_commit=commits.append)
    assert commits == []  # one batch: committed at the end, without the callback
    bounded = run_import(replace(sample, batch_chars=5_000), tmp_path / "bounded", on_commit=commits.append)
    assert whole.new > 5 and len(commits) >= 2
    assert bounded.new == whole.new and stored_state(tmp_path / "bounded") == stored_state(tmp_path / "whole")


def test_the_last_batch_s_worth_is_committed_in_quarters_and_every_document_is_counted_once(generated, tmp_path):
    written = []  # documents written by each commit

    def committed(report: ImportReport) -> None:
        written.append(report.new + report.updated + report.unchanged + report.duplicate - sum(written))

    report = run_import(ImportJob((generated,), "g", workers=2, batch_size=100), tmp_path, on_commit=committed)
    counted = report.new + report.updated + report.unchanged + report.duplicate
    assert report.found == counted + len(report.failures) and report.found > 300
    assert written[:2] == [100, 100] and set(written[-3:]) == {25}
    assert sum(written) <= counted and counted - sum(written) <= 25  # the rest, in the last commit


def test_workers_killed_mid_import_lose_no_document(generated):
    # As when the system kills a worker out of memory: what it had not finished is done again.
    folders = sorted(os.listdir(generated))[:10]  # about 70 documents: several chunks per worker
    sample = ImportJob(tuple(generated / folder for folder in folders), "g", workers=2)
    serial = list(prepared_articles(ImportJob(sample.sources, "g", workers=1), ImportReport("g")))
    report, parallel = ImportReport("g"), []
    for article in prepared_articles(sample, report):
        if not parallel:
            for worker in multiprocessing.active_children():
                os.kill(worker.pid, signal.SIGKILL)
        parallel.append(article)
    assert parallel == serial and not report.failures


def test_document_over_the_time_limit_is_reported_and_the_rest_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("Ceasefire holds\n\nThe ceasefire held overnight, officials said.")
    report = ImportReport("t")
    articles = list(prepared_articles(ImportJob((tmp_path,), "t", workers=2, time_limit=0.000001), report))
    assert articles == [] and "time limit per document" in report.failures[0].reason


def test_killed_import_resumes_to_the_same_end_state(generated, tmp_path):
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    command = [sys.executable, "ingest.py", str(generated), "--collection", "g", "--quiet", "--workers", "2",
               "--batch-size", "100"]  # fmt: skip
    subprocess.run([*command, "--index", str(whole)], cwd=ROOT, check=True, capture_output=True)
    process = subprocess.Popen([*command, "--index", str(resumed)], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if list(resumed.glob("_MAIN_*.toc")) and open_index(resumed).doc_count() > 0:
            break  # a batch is committed: kill it now, mid-import
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = open_index(resumed).doc_count()
    assert 0 < partial < open_index(whole).doc_count()
    rerun = subprocess.run([*command, "--index", str(resumed)], cwd=ROOT, check=True, capture_output=True, text=True)
    assert stored_state(resumed) == stored_state(whole)
    unchanged = int(re.search(r"([\d,]+) unchanged", rerun.stderr).group(1).replace(",", ""))
    assert unchanged >= partial  # what the killed run committed is not cleaned again


def test_searches_keep_working_while_an_import_commits(generated, tmp_path):
    index_dir = tmp_path / "index"
    open_index(index_dir, create=True)
    errors, totals = [], []
    thread = threading.Thread(
        target=lambda: run_import(ImportJob((generated,), "g", workers=2, batch_size=200), index_dir), daemon=True
    )
    thread.start()
    ix = open_index(index_dir)
    while thread.is_alive():
        try:
            totals.append(search(ix, Query("ceasefire", group=False)).total)
        except Exception as error:  # any failure of a search during the import fails the test
            errors.append(error)
        time.sleep(0.01)  # searches in a row, but the import's own thread gets its turn
    thread.join()
    assert errors == [] and len(totals) > 3
    assert totals == sorted(totals) and totals[-1] <= search(ix, Query("ceasefire", group=False)).total


def test_wire_copies_are_one_result_with_their_cluster_size(generated, tmp_path):
    index_dir = tmp_path / "index"
    run_import(ImportJob((generated,), "g", workers=2), index_dir)
    ix = open_index(index_dir)
    grouped, every = search(ix, Query("", per_page=100)), search(ix, Query("", per_page=100, group=False))
    assert grouped.total < every.total
    clustered = [hit for hit in every.hits if hit.cluster_size > 1]
    assert clustered, "the generated collection has wire copies"
    ids = [hit.article.cluster_id for hit in grouped.hits]
    assert len(ids) == len(set(ids))
    hit = clustered[0]
    assert len(hit.other_outlets) >= 1
    api = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()
    listed = api.get("/api/search?per_page=100").json
    assert listed["total"] == grouped.total
    copy = next(r for r in listed["results"] if r["cluster_size"] > 1)
    members = api.get(f"/api/search?cluster={copy['cluster_id']}").json
    assert members["total"] == copy["cluster_size"] > len(copy["also_published_by"]) >= 1
    for group in ("cluster", "none"):  # a facet's count is the total its link leads to, copies grouped or not
        facets = api.get(f"/api/search?group={group}").json["facets"]
        for facet, param in (("language", "lang"), ("country", "country"), ("source", "source")):
            value = facets[facet][0]
            narrowed = api.get("/api/search", query_string={param: value["value"], "group": group}).json
            assert narrowed["total"] == value["count"], (group, facet)
    page = api.get("/?per_page=100").text  # on the page: a disclosure that names the outlets and lists every copy
    assert '<details class="copies"><summary>Also published by' in page
    assert f'href="/?cluster={copy["cluster_id"]}">list all {copy["cluster_size"]} copies</a>' in page


def test_report_lists_every_failure_and_retry_runs_only_those(tmp_path):
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text("<h1>Talks</h1><p>Delegations met in Geneva to discuss a truce on Monday.</p>")
    bad.write_bytes(b"")
    index_dir, report_path = tmp_path / "index", tmp_path / "report.json"
    assert ingest.main([str(tmp_path), "--index", str(index_dir), "--report", str(report_path), "--quiet"]) == 0
    report = json.loads(report_path.read_text())
    assert [(f["source_path"], f["reason"]) for f in report["failures"]] == [(str(bad), "empty after cleaning")]
    bad.write_text("<h1>Later</h1><p>The fixed page now has an article about the truce talks.</p>")
    retry_report = tmp_path / "retry.json"
    args = ["--retry-failed", str(report_path), "--index", str(index_dir), "--report", str(retry_report), "--quiet"]
    assert ingest.main(args) == 0
    retried = json.loads(retry_report.read_text())
    assert (retried["new"], retried["failed"], retried["unchanged"]) == (1, 0, 0)
    assert open_index(index_dir).doc_count() == 2
