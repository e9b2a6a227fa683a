"""The demo collection that `make run` serves imports whole and shows a varied archive."""

from pathlib import Path

import pytest

from app import create_app
from pipeline import ImportJob, run_import

DEMO = Path(__file__).parent.parent / "demo" / "pages"


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("demo-index")
    report = run_import(ImportJob((DEMO,), "demo"), index_dir)
    assert report.failures == [] and report.new == 30
    return create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()


def test_demo_spans_languages_countries_actors_and_years(demo_client):
    facets = demo_client.get("/api/search?per_page=1").json["facets"]
    languages = {f["value"] for f in facets["language"]}
    assert len(languages) >= 5 and languages & {"ru", "ar"}
    assert len(facets["country"]) >= 10 and len(facets["actor"]) >= 10
    years = {f["value"][:4] for f in facets["date"] if f["value"] != "undated"}
    assert len(years) >= 8
    assert any(f["value"] == "undated" for f in facets["date"])


def test_demo_pages_lose_their_site_boilerplate(demo_client):
    data = demo_client.get("/api/search?per_page=100").json
    for hit in data["results"]:
        text = demo_client.get(f"/api/doc/{hit['id']}").json["text"]
        assert "Demo page of the Conflict Archive" not in text
        assert "Share on Facebook" not in text and "Click to comment" not in text
