import gzip
import json
from datetime import date

import pytest
from trafilatura.utils import load_html

from conftest import shared
from pipeline.clean import clean
from pipeline.dates import find_dateline, find_published, parse_day
from pipeline.read import RawDocument

TODAY = date(2024, 1, 1)


def published(html: str = "<p>x</p>", url=None, text="", found=None):
    return find_published(load_html(f"<html><head>{html}</head><body><p>x</p></body></html>"), url, text, found, TODAY)


@pytest.mark.parametrize(
    "html",
    [
        '<meta property="article:published_time" content="2020-10-03T18:21:47+05:30">',
        '<meta itemprop="datePublished" content="2020-10-03">',
        '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2020-10-03"}]}'
        "</script>",
        '<time datetime="2020-10-03T08:00">Saturday</time>',
    ],
)
def test_day_stated_in_metadata(html):
    assert published(html) == published(html)  # deterministic
    result = published(html)
    assert (result.day, result.source, result.precision) == (date(2020, 10, 3), "metadata", "day")


def test_htmldate_answer_is_attributed_to_where_the_page_states_it():
    html = '<meta property="article:published_time" content="2020-10-03">'
    assert published(html, found=date(2020, 10, 3)).source == "metadata"
    assert published(url="https://x.example/2019/05/07/story", found=date(2019, 5, 7)).source == "url"
    assert published(found=date(2018, 1, 2)).source == "text"


def test_day_and_month_from_the_url():
    by_day = published(url="https://news.example/2020/10/03/ceasefire-talks/")
    assert (by_day.day, by_day.source, by_day.precision) == (date(2020, 10, 3), "url", "day")
    by_month = published(url="https://news.example/2020/10/ceasefire-talks")
    assert (by_month.day, by_month.precision) == (date(2020, 10, 1), "month")


@pytest.mark.parametrize(
    "text, place, day",
    [
        ("KHARTOUM, May 3 (Reuters) - Fighting", "KHARTOUM", (None, 5, 3)),
        ("Yerevan, 3 October: Armenia said", "Yerevan", (None, 10, 3)),
        ("GENEVA, March 9, 1987 - Talks", "GENEVA", (1987, 3, 9)),
        ("Kyiv, 24 February 2022 — Russia", "Kyiv", (2022, 2, 24)),
    ],
)
def test_dateline_gives_place_and_day(text, place, day):
    line = find_dateline(text)
    assert (line.place, (line.year, line.month, line.day)) == (place, day)


def test_sentence_with_a_comma_is_not_a_dateline():
    assert find_dateline("The army said, May 3 - nothing") is None


def test_dateline_with_year_dates_a_page_without_metadata_and_one_without_year_does_not():
    dated = published(text="GENEVA, March 9, 1987 - Talks resumed")
    assert (dated.day, dated.source) == (date(1987, 3, 9), "dateline")
    assert published(text="KHARTOUM, May 3 (Reuters) - Fighting").day is None


@pytest.mark.parametrize(
    "html, why",
    [
        ('<meta property="article:published_time" content="2082-01-05">', "after the import time"),
        ('<meta property="article:published_time" content="1850-06-01">', "before 1900"),
    ],
)
def test_impossible_dates_are_rejected_with_the_reason_noted(html, why):
    result = published(html)
    assert result.day is None and why in result.note


@pytest.mark.parametrize("value", ["2082-01-05", "1850-06-01", "2020-02-30", "yesterday", ""])
def test_parse_day_refuses_impossible_days(value):
    assert parse_day(value, TODAY) is None


def test_page_without_any_date_is_undated():
    result = published("<title>Monday, October 5, 2020</title>")
    assert (result.day, result.source) == (None, None)


def test_deeply_nested_json_ld_is_ignored_not_fatal():
    html = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert published(html).day is None


def test_seed_page_date_and_scrape_has_none(seed_expected):
    for name, expected in seed_expected["published"].items():
        path = shared("seed", name)
        page = clean(RawDocument(str(path), path.read_bytes(), "html" if name.endswith("html") else "text"))
        assert (str(page.published.day) if page.published.day else None) == expected


def test_verified_news_pages_mostly_get_their_day():
    folder = shared("dates")
    gold, urls = json.loads((folder / "gold.json").read_text()), json.loads((folder / "urls.json").read_text())
    right = 0
    for name, day in gold.items():
        path = folder / "pages" / name
        raw = RawDocument(str(path), gzip.decompress(path.read_bytes()), "html", url=urls[name])
        right += str(clean(raw).published.day) == day
    assert right >= 0.9 * len(gold)
