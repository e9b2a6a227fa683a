"""Publication date from a page's own metadata; never a day in the future or before 1900."""

import json
import re
from datetime import date

from bs4 import BeautifulSoup

EARLIEST = date(1900, 1, 1)
# Meta names and properties that carry the publication time, most trusted first.
META_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
)
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def published_from_html(soup: BeautifulSoup, today: date | None = None) -> date | None:
    """Return the publication day stated in the page's metadata, or None."""
    for candidate in _candidates(soup):
        day = parse_day(candidate, today)
        if day:
            return day
    return None


def parse_day(value: str, today: date | None = None) -> date | None:
    """Return the day of an ISO-like date string if it is a real, plausible day."""
    match = ISO_DAY.search(value or "")
    if not match:
        return None
    try:
        day = date(*map(int, match.groups()))
    except ValueError:
        return None
    return day if EARLIEST <= day <= (today or date.today()) else None


def _candidates(soup: BeautifulSoup):
    metas = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if isinstance(key, str) and isinstance(meta.get("content"), str):
            metas.setdefault(key.lower(), meta["content"])
    yield from (metas[key] for key in META_KEYS if key in metas)
    for script in soup.find_all("script", type="application/ld+json"):
        yield from _json_ld_dates(script.string or "")
    for time in soup.find_all("time"):
        if isinstance(time.get("datetime"), str):
            yield time["datetime"]


def _json_ld_dates(text: str):
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                yield item["datePublished"]
            stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
