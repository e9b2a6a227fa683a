"""Exports, feeds and citations on a real index: every match, nothing executable."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from app import create_app
from index import Actor, Article, add_documents, open_index

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("exports")
    ix = open_index(index_dir, create=True)
    reports = [
        Article(
            doc_id=f"r{n:02d}",
            title=f"Shelling report {n}",
            text=f"Shelling reported in district {n} overnight, officials said.",
            source_path=f"r{n}.txt",
            source=f"Outlet {n % 3}",
            language="en",
            published=date(2020, 1 + n % 12, 1) if n % 5 else None,
            countries=("AM",) if n % 2 else ("AZ",),
        )
        for n in range(25)
    ]
    hostile = Article(
        doc_id="evil",
        title='=HYPERLINK("https://evil.example","Shelling <script>alert(1)</script>")',
        text="+cmd|' /C calc'!A0 shelling <img src=x onerror=alert(2)>",
        source_path="evil.txt",
        source="-2+3",
        author="@attacker",
        url="javascript:alert(3)",
        language="en",
        actors=(Actor("=SUM(A1)", "person"),),
    )
    add_documents(ix, [*reports, hostile])
    return create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.text)))


def test_export_lists_every_match_beyond_one_page(client):
    total = client.get("/api/search?q=shelling&group=none&per_page=10").json["total"]
    rows = csv_rows(client.get("/api/export?q=shelling&format=csv"))
    lines = client.get("/api/export?q=shelling&format=jsonl").text.splitlines()
    assert total == len(rows) == len(lines) == 26
    assert {json.loads(line)["id"] for line in lines} == {row["id"] for row in rows}
    assert all(row["permalink"] == f"http://localhost/doc/{row['id']}" for row in rows)


def test_export_keeps_the_filters_and_exclusions_of_the_search(client):
    total = client.get("/api/search?q=shelling&country=AM&-source=Outlet 1&group=none").json["total"]
    rows = csv_rows(client.get("/api/export?q=shelling&country=AM&-source=Outlet 1&format=csv"))
    assert 0 < len(rows) == total and all(r["countries"] == "AM" and r["outlet"] != "Outlet 1" for r in rows)


def test_export_is_a_download_streamed_in_its_format(client):
    response = client.get("/api/export?q=shelling&format=jsonl")
    assert response.is_streamed and response.mimetype == "application/x-ndjson"
    assert "attachment" in response.headers["Content-Disposition"]
    assert client.get("/api/export?format=xlsx").status_code == 400


def test_no_csv_cell_starts_a_formula(client):
    (row,) = [r for r in csv_rows(client.get("/api/export?q=shelling&format=csv")) if r["id"] == "evil"]
    for column in ("title", "outlet", "author", "text", "actors"):
        assert row[column][0] == "'" and row[column][1] in "=+-@"
    assert row["url"] == ""  # a javascript: link is not exported as a link


def test_citation_names_outlet_headline_date_url_id_and_retrieval(client):
    hit = client.get("/api/search?q=%22report%203%22").json["results"][0]
    doc = client.get(f"/api/doc/{hit['id']}").json
    text, csl = doc["citation"]["text"], doc["citation"]["csl"]
    assert text.startswith("Outlet 0. “Shelling report 3.” 2020-04-01.") and hit["id"] in text
    assert doc["permalink"].endswith(f"/doc/{hit['id']}") and doc["permalink"] in text
    assert csl["title"] == "Shelling report 3" and csl["container-title"] == "Outlet 0"
    assert csl["issued"] == {"date-parts": [[2020, 4, 1]]} and csl["accessed"]["date-parts"][0][0] >= 2026


def test_hostile_text_is_escaped_in_citations_and_feeds(client):
    page = client.get("/doc/evil").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    feed = client.get("/feed?q=shelling").text
    assert "<script>" not in feed and "<img" not in feed and "javascript:" not in feed
    ET.fromstring(feed)  # well-formed XML whatever the article says


def test_feed_lists_the_search_newest_imported_first(client):
    feed = ET.fromstring(client.get("/feed?q=shelling&country=AZ").text)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == client.get("/api/search?q=shelling&country=AZ&group=none").json["total"]
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(e.find(f"{ATOM}link").get("href").startswith("http://localhost/doc/") for e in entries)


def test_article_page_marks_the_words_of_the_search_that_led_there(client):
    page = client.get("/doc/r03?q=shelled").text  # another form of the word: stems match
    assert "<mark>Shelling</mark> reported in district 3" in page
    assert "<mark>" not in client.get("/doc/r03").text
    assert client.get('/doc/r03?q="unclosed').status_code == 200  # a broken query still shows the article


@pytest.mark.parametrize("path", ["/api/export?format=csv", "/api/export?format=jsonl", "/feed"])
def test_malformed_query_in_an_export_or_feed_is_a_clear_400(client, path):
    response = client.get(path + '&q="unclosed' if "?" in path else path + '?q="unclosed')
    assert response.status_code == 400 and "quote" in response.text
    assert client.get(path + ("&" if "?" in path else "?") + "q=" + "x" * 100_000).status_code == 400


def test_export_follows_the_searchs_order(client):
    oldest = [r["published"] for r in csv_rows(client.get("/api/export?q=shelling&sort=oldest&format=csv"))]
    dated = [day for day in oldest if day]
    assert dated == sorted(dated) and oldest[-1] == "" and oldest[0] != ""
    newest = [r["published"] for r in csv_rows(client.get("/api/export?q=report&format=csv&sort=newest"))]
    assert [day for day in newest if day] == sorted(dated, reverse=True)
