import gzip

import pytest
from trafilatura.utils import load_html

from bench.shared_data import jsonl
from conftest import shared
from pipeline.clean import clean
from pipeline.extract import _in_doubt, _paragraph_chars, _prefer_readability, extract
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


@pytest.mark.parametrize(
    "html, extracted, in_doubt",
    [
        (f"<html><body>{BODY}</body></html>", BODY, False),  # the page's paragraphs, all of them
        (f"<html><body>{BODY}</body></html>", "Shelling resumed overnight.", True),  # too short to trust
        (f"<html><body>{BODY * 2}</body></html>", BODY, True),  # the page's paragraphs hold twice as much
        (f"<html><body><div>{PART}</div></body></html>", PART, True),  # no paragraphs to compare with
    ],
)
def test_an_extraction_is_in_doubt_when_the_page_suggests_more_or_cannot_tell(html, extracted, in_doubt):
    assert _in_doubt(extracted, _paragraph_chars(load_html(html))) is in_doubt


def test_a_page_in_doubt_keeps_the_metadata_of_the_first_extraction():
    head = (
        "<head><title>Talks stall - Kyiv Daily</title><link rel='canonical' href='https://kyiv.example/talks'>"
        "<meta property='article:published_time' content='2021-03-04T08:00:00Z'></head>"
    )
    found = extract(f"<html>{head}<body><article><p>Talks stall again.</p></article></body></html>")
    assert found.text.strip() == "Talks stall again."  # short: in doubt, extracted again
    assert (found.title, found.url, str(found.day)) == ("Talks stall", "https://kyiv.example/talks", "2021-03-04")


@pytest.mark.parametrize("page_id", ["297cd2ff8ed968f1", "a6fcd5c070f4e0c7", "bae91de5c3989002"])
def test_pages_that_trafilatura_fast_mode_cuts_short_still_keep_their_article(page_id):
    """On these real pages trafilatura's fast mode keeps only a form or a teaser: a fallback finds the article."""
    folder = shared("extraction-multilingual")
    gold = next(g for g in jsonl(folder / "gold.jsonl") if g["id"] == page_id)
    page = clean(RawDocument(gold["file"], gzip.decompress((folder / gold["file"]).read_bytes()), "html"))
    assert all(collapse(snippet) in collapse(page.text) for snippet in gold["with"])


def test_seed_page_metadata(seed_expected):
    path = shared("seed", "seed-article.html")
    page = clean(RawDocument(str(path), path.read_bytes(), "html"))
    assert page.title == seed_expected["title"]
    assert page.outlet == "Free Press Kashmir" and page.extraction_method == "trafilatura"
    assert page.url.endswith("-3000-servicemen/") and page.encoding == "utf-8"


# The last page keeps its text in <div>s, where trafilatura's fast mode also takes every headline.
@pytest.mark.parametrize(
    "page_id", ["04a6711c", "34a73285", "5f9c5ed5", "8380689f", "ad9e9e59", "d90bda7e", "f6ac15a4"]
)
def test_real_news_pages_keep_their_article(page_id):
    """Golden pages: most of the gold article survives, little else comes with it."""
    folder = shared("extraction")
    gold = next(g for g in jsonl(folder / "gold.jsonl") if g["id"].startswith(page_id))
    page = clean(RawDocument(gold["file"], gzip.decompress((folder / gold["file"]).read_bytes()), "html"))
    gold_words, words = collapse(gold["text"]).lower().split(), collapse(page.text).lower().split()
    common = sum(min(words.count(w), gold_words.count(w)) for w in set(gold_words))
    assert common / len(gold_words) > 0.8 and common / len(words) > 0.5
