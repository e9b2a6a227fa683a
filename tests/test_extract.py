import gzip

import pytest

from bench.shared_data import jsonl
from conftest import shared
from pipeline.clean import clean
from pipeline.extract import _prefer_readability, extract
from pipeline.read import RawDocument
from test_clean import collapse

BODY = (
    "<p>Shelling resumed overnight around the town, residents said, as talks on a ceasefire stalled again.</p>"
    "<p>Aid agencies said convoys carrying food and medicine had been turned back at two checkpoints.</p>"
    "<p>Mediators expect both delegations to return to the table next week, a diplomat told reporters.</p>"
)


@pytest.mark.parametrize(
    "html",
    [
        f"<html><body><div><p>{BODY}<b>bold <i>italic</div>",  # unclosed tags
        "<html><body>" + "<div>" * 10_000 + BODY + "</div>" * 10_000 + "</body></html>",  # nested 10,000 deep
        BODY,  # no <html>, no <body>
        f"<html><head><title>T</title></head>{BODY}</html>",  # no <body>
        f"<body><table><tr><td>{BODY}</td></tr></table>",  # text in a table
    ],
)
def test_broken_and_hostile_html_still_gives_the_text(html):
    assert "Shelling resumed overnight" in extract(html).text


def test_method_is_recorded():
    assert extract(f"<html><body><article><h1>Truce</h1>{BODY}</article></body></html>").method == "trafilatura"
    assert extract("<html><body><div>Talks stall.</div></body></html>").text.strip() == "Talks stall."


PART = "Shelling resumed overnight around the town, residents said, as talks stalled. " * 5
OTHER = "Markets rose in Tokyo as exporters gained on a weaker yen and strong earnings. " * 10


@pytest.mark.parametrize(
    "trafilatura_text, readability_text, preferred",
    [
        (PART, PART + PART, True),  # trafilatura kept only part of the article readability found
        (PART, PART + "More.", False),  # barely longer: trafilatura's text stands
        (PART, OTHER + OTHER, False),  # much longer but another text: a sidebar, not the article
        ("Talks stall.", "Talks stall. Both sides blame each other.", True),  # too short to trust alone
    ],
)
def test_readability_wins_only_with_much_more_of_the_same_text(trafilatura_text, readability_text, preferred):
    assert _prefer_readability(trafilatura_text, readability_text) is preferred


def test_seed_page_metadata(seed_expected):
    path = shared("seed", "seed-article.html")
    page = clean(RawDocument(str(path), path.read_bytes(), "html"))
    assert page.title == seed_expected["title"]
    assert page.outlet == "Free Press Kashmir" and page.extraction_method == "trafilatura"
    assert page.url.endswith("-3000-servicemen/") and page.encoding == "utf-8"


@pytest.mark.parametrize("index", range(0, 90, 15))
def test_real_news_pages_keep_their_article(index):
    """Golden pages: most of the gold article survives, little else comes with it."""
    folder = shared("extraction")
    gold = jsonl(folder / "gold.jsonl")[index]
    page = clean(RawDocument(gold["file"], gzip.decompress((folder / gold["file"]).read_bytes()), "html"))
    gold_words, words = collapse(gold["text"]).lower().split(), collapse(page.text).lower().split()
    common = sum(min(words.count(w), gold_words.count(w)) for w in set(gold_words))
    assert common / len(gold_words) > 0.8 and common / len(words) > 0.5
