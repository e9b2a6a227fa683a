import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from app.timeline import TICK_SPACING, timeline
from index import FacetCount, Query


def test_search_page_marks_matches_and_links_articles(client):
    page = client.get("/?q=siege").text
    assert "<mark>siege</mark>" in page
    assert 'href="/doc/' in page and "Mariupol <mark>siege</mark> enters third week" in page


def test_api_search_answers_in_the_documented_shape(client):
    data = client.get("/api/search?q=ceasefire").json
    assert data["total"] == 1 and data["page"] == 1
    hit = data["results"][0]
    assert set(hit) >= {
        "id",
        "title",
        "url",
        "source",
        "collection",
        "published",
        "language",
        "countries",
        "actors",
        "snippet",
    }
    assert hit["published"] == "2023-05-20" and hit["countries"][0] == "SD"
    assert "<mark>Ceasefire</mark>" in hit["snippet"]
    assert {"country", "actor", "language", "date"} <= set(data["facets"])
    assert {"value": "SD", "count": 1, "label": "Sudan"} in data["facets"]["country"]


def test_repeated_filter_is_or_and_facet_links_lead_to_their_counts(client):
    data = client.get("/api/search?country=SD&country=UA").json
    assert data["total"] == 2
    everything = client.get("/api/search").json
    for value in everything["facets"]["language"]:
        narrowed = client.get("/api/search", query_string={"lang": value["value"]}).json
        assert narrowed["total"] == value["count"]


def test_clicking_a_facet_on_the_page_narrows_the_results(client):
    page = client.get("/?q=").text
    link = re.search(r'<a href="(/\?[^"]*country=SD[^"]*)"', page).group(1).replace("&amp;", "&")
    narrowed = client.get(link).text
    assert "Khartoum talks stall" in narrowed and "Mariupol" not in narrowed
    assert ("country", "SD") in parse_qsl(urlsplit(link).query)


@pytest.mark.parametrize(
    "query, named",
    [
        ('q="unclosed', "quotes"),
        ("q=(group", "brackets"),
        ("page=abc", "page"),
        ("per_page=100000", "per_page"),
        ("from=2020-02-30", "from"),
        ("from=2021-01-01&to=2020-01-01", "from"),
        ("sort=sideways", "sort"),
        ("country=Armenia", "country"),
        ("q=" + "x" * 100_000, "too long"),
    ],
)
def test_malformed_request_is_a_400_that_says_what_is_wrong(client, query, named):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400 and named in response.json["error"]
    assert client.get("/?" + query).status_code == 400


def test_hostile_article_text_is_escaped_everywhere(client):
    data = client.get("/api/search?q=kabul").json
    assert "<script>" not in data["results"][0]["snippet"] and "&lt;script&gt;" in data["results"][0]["snippet"]
    page = client.get("/?q=kabul").text
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;alert(" in page
    doc = client.get("/doc/" + data["results"][0]["id"]).text
    assert "<script>alert" not in doc and "<img src=x onerror" not in doc
    assert "javascript:" not in doc  # the page's javascript: canonical link is never rendered


def test_article_page_shows_text_metadata_and_original_link(client):
    hit = client.get("/api/search?q=Khartoum").json["results"][0]
    page = client.get("/doc/" + hit["id"]).text
    assert "Ceasefire talks between the Sudanese army" in page
    assert 'href="https://test-wire.example/2023/05/20/khartoum-talks-stall/"' in page
    assert "2023-05-20" in page and "Test Wire" in page


def test_unknown_article_is_a_404(client):
    assert client.get("/doc/nope").status_code == 404
    assert client.get("/api/doc/nope").json == {"error": "no article with id 'nope'"}


def test_actor_facet_is_grouped_by_type_and_actor_type_filters(client):
    data = client.get("/api/search").json
    kinds = {f["value"]: f["count"] for f in data["facets"]["actor_type"]}
    assert kinds["person"] >= 2 and kinds["igo"] >= 1
    assert all(f["type"] for f in data["facets"]["actor"])
    assert {"value": "Rapid Support Forces", "count": 1, "type": "militia", "label": "Rapid Support Forces"} in data[
        "facets"
    ]["actor"]
    militias = client.get("/api/search?actor_type=militia").json
    assert militias["total"] == 1 and militias["results"][0]["title"].startswith("Khartoum")
    page = client.get("/?q=").text
    assert "<h4>Militias</h4>" in page and "<h4>People</h4>" in page


def test_article_page_lists_actors_with_their_type_and_role(client):
    hit = client.get("/api/search?q=Mariupol").json["results"][0]
    assert {"name": "Volodymyr Zelensky", "type": "person"} in hit["actors"]
    page = client.get("/doc/" + hit["id"]).text
    assert "Volodymyr Zelensky" in page and "(person" in page


def test_exclusion_round_trips_through_the_url_and_can_be_undone(client):
    page = client.get("/?q=").text
    link = re.search(r'<a class="exclude" href="(/\?[^"]*-country=SD[^"]*)"', page).group(1).replace("&amp;", "&")
    excluded = client.get(link).text
    assert "Khartoum talks stall" not in excluded and "Excluding:" in excluded
    undo = re.search(r'<p class="excluded">Excluding: <a href="([^"]*)"', excluded).group(1).replace("&amp;", "&")
    assert "Khartoum talks stall" in client.get(undo).text
    assert client.get("/api/search?-country=SD").json["total"] == client.get("/api/search").json["total"] - 1
    assert client.get("/api/search?-country=Sudan").status_code == 400


def test_lone_operator_gets_results_and_a_notice(client):
    data = client.get("/api/search?q=siege%20OR").json
    assert data["total"] == 1 and "OR" in data["notice"]
    assert "Note: ignored the OR" in client.get("/?q=siege%20OR").text


def timeline_bars(page: str) -> dict[str, tuple[int, str]]:
    """label -> (count, url) of every bar of the page's timeline."""
    bars = re.findall(
        r'<a href="([^"]+)" data-from="[^"]*" data-to="[^"]*" class="[^"]*" aria-label="([^:]+): (\d+) article', page
    )
    return {label: (int(count), html.unescape(url)) for url, label, count in bars}


def test_timeline_bars_and_the_undated_bar_lead_to_their_counts(client):
    bars = timeline_bars(client.get("/").text)
    assert bars["undated"][0] == 1 and bars["2023"][0] == 1  # years: the fixtures span more than three
    assert sum(count for count, _ in bars.values()) == client.get("/api/search").json["total"]
    for label in ("undated", "2023"):
        count, url = bars[label]
        assert client.get("/api" + url.replace("/?", "/search?", 1)).json["total"] == count


def test_timeline_range_is_kept_in_the_url_and_marks_its_bars(client):
    page = client.get("/?from=2021-01-01&to=2023-12-31").text
    assert 'class=" selected" aria-label="2023' in page and 'value="2021-01-01"' in page
    assert 'class="" aria-label="2020' in page  # outside the range


def test_page_says_how_the_query_was_read_and_suggests_a_spelling(client):
    page = client.get("/?q=Mariupol+-Kyiv").text
    assert "Searching for: <code>mariupol AND NOT kyiv</code>" in page
    page = client.get("/?q=Mariupl").text
    assert "Did you mean" in page and 'href="/?q=mariupol"' in page
    assert client.get("/api/search?q=Mariupl").json["suggestion"] == "mariupol"


def test_outlet_facet_filters_and_excludes(client):
    outlets = {fc["value"]: fc["count"] for fc in client.get("/api/search").json["facets"]["source"]}
    outlet, count = next(iter(outlets.items()))
    assert client.get("/api/search", query_string={"source": outlet}).json["total"] == count
    rest = client.get("/api/search", query_string={"-source": outlet}).json["total"]
    assert rest == client.get("/api/search").json["total"] - count


def test_help_page_documents_the_syntax_and_is_linked_from_the_search_box(client):
    assert 'href="/help"' in client.get("/").text
    page = client.get("/help").text
    for syntax in (
        "OR",
        "NOT",
        "-Russia",
        '"exact phrase"',
        "~5",
        "title:",
        "source:",
        "actor:",
        "country:",
        "*",
        "/api/export",
    ):
        assert syntax in page, syntax


def test_timeline_year_labels_leave_room_for_each_other():
    counts = [FacetCount(f"{year}-06", 1) for year in range(1990, 2021)]
    bars = timeline(counts, Query(), MultiDict()).bars
    ticks = [bar.x for bar in bars if bar.tick]
    assert len(ticks) > 5 and all(b - a >= TICK_SPACING for a, b in zip(ticks, ticks[1:], strict=False))
