from datetime import date

import pytest
from bs4 import BeautifulSoup

from pipeline.dates import parse_day, published_from_html


def day_of(html: str, today=date(2024, 1, 1)):
    return published_from_html(BeautifulSoup(html, "lxml"), today)


@pytest.mark.parametrize(
    "html",
    [
        '<meta property="article:published_time" content="2020-10-03T18:21:47+05:30">',
        '<meta itemprop="datePublished" content="2020-10-03">',
        '<script type="application/ld+json">'
        '{"@graph": [{"@type": "NewsArticle", "datePublished": "2020-10-03"}]}</script>',
        '<p>Posted <time datetime="2020-10-03T08:00">Saturday</time></p>',
    ],
)
def test_publication_day_is_read_from_metadata(html):
    assert day_of(html) == date(2020, 10, 3)


def test_metadata_wins_over_a_time_element():
    html = '<meta property="article:published_time" content="2020-10-03"><time datetime="2020-10-05"></time>'
    assert day_of(html) == date(2020, 10, 3)


@pytest.mark.parametrize("value", ["2082-01-05", "1850-06-01", "2020-02-30", "yesterday", ""])
def test_impossible_or_future_days_are_rejected(value):
    assert parse_day(value, today=date(2024, 1, 1)) is None


def test_page_without_date_has_none():
    assert day_of("<p>Monday, October 5, 2020</p>") is None


def test_deeply_nested_json_ld_is_ignored_not_fatal():
    html = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    assert day_of(html) is None
