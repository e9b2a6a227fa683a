"""Publication date: from the page's metadata, its URL, its text or a dateline; never impossible.

Every date says where it came from (`source`) and how precise it is (`precision`). A date after
the import or before 1900 is rejected and the rejection noted; no date is ever made up.
"""

import json
import re
from dataclasses import dataclass
from datetime import date

from lxml.html import HtmlElement

EARLIEST = date(1900, 1, 1)
# Meta names and properties that carry the publication time, most trusted first.
META_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
)  # fmt: skip
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")
URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ],  # fmt: skip
        start=1,
    )
    for name in names.split()
}
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "KHARTOUM, May 3 (Reuters) -", "Yerevan, 3 October 2020:", "PORTLAND, Ore., Feb 26 -"
CAPITALISED_WORDS = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ][\w.'’-]*){0,3}"
DATELINE = re.compile(
    rf"^(?P<place>{CAPITALISED_WORDS})(?:\s*,\s*(?P<region>[A-Z][\w.]*(?:\s?[A-Z][\w.]*)?))?\s*,\s*"
    rf"(?i:(?P<month>{MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}})|(?P<day_first>\d{{1,2}})\s+(?P<month_after>{MONTH_NAMES})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
    r"\s*(?:\((?P<agency>[^)]{1,40})\))?\s*[-–—:]"
)


@dataclass(frozen=True)
class Published:
    day: date | None = None
    source: str | None = None  # metadata, url, text, dateline (import, feed, warc: set by readers)
    precision: str | None = None  # day, month, year
    note: str = ""  # why a date that was found was not used


@dataclass(frozen=True)
class Dateline:
    place: str
    month: int
    day: int
    year: int | None
    agency: str | None
    region: str | None = None  # "Ore." in "PORTLAND, Ore., Feb 26 -"


def find_published(
    tree: HtmlElement | None, url: str | None, text: str, found_day: date | None, today: date
) -> Published:
    """Return the publication date of a page, with where it came from and how precise it is.

    `found_day` is htmldate's answer (from trafilatura), the best single guess measured here; this
    function says where that day stands on the page, and looks further when there is none.
    """
    stated, notes = _metadata_days(tree, today) if tree is not None else ([], [])
    url_day, url_precision = _url_date(url or "")
    if found_day and EARLIEST <= found_day <= today:
        if found_day in stated:
            return Published(found_day, "metadata", "day")
        if url_day == found_day:
            return Published(found_day, "url", url_precision)
        return Published(found_day, "text", "day")
    if stated:
        return Published(stated[0], "metadata", "day")
    if url_day and EARLIEST <= url_day <= today:
        return Published(url_day, "url", url_precision)
    line = find_dateline(text)
    if line and line.year:
        try:
            day = date(line.year, line.month, line.day)
        except ValueError:
            day = None
        if day and EARLIEST <= day <= today:
            return Published(day, "dateline", "day")
        if day:
            notes.append(f"dateline date {day} rejected: {_why_impossible(day, today)}")
    return Published(note="; ".join(notes))


def given_date(value: str, source: str, today: date) -> Published:
    """Return a date an export or a feed states for a document ("2020-10-03", "2020-10", "2020")."""
    value = value.strip()
    if not value:
        return Published()
    day, precision = _iso_day(value), "day"
    if day is None:
        partial = re.fullmatch(r"((?:18|19|20)\d{2})(?:-(\d{1,2}))?", value)
        if not partial:
            return Published(note=f"{source} date {value[:40]!r} not understood")
        day, precision = date(int(partial[1]), int(partial[2] or 1), 1), "month" if partial[2] else "year"
    if not EARLIEST <= day <= today:
        return Published(note=f"{source} date {day} rejected: {_why_impossible(day, today)}")
    return Published(day, source, precision)


def find_dateline(text: str) -> Dateline | None:
    """Return the dateline that opens an article ("KHARTOUM, May 3 (Reuters) -"), if any."""
    match = DATELINE.match(text.lstrip()[:200])
    if not match:
        return None
    month = MONTHS[(match["month"] or match["month_after"]).lower()]
    day = int(match["day"] or match["day_first"])
    if not 1 <= day <= 31:
        return None
    year = int(match["year"]) if match["year"] else None
    return Dateline(match["place"].strip(), month, day, year, match["agency"], match["region"])


def parse_day(value: str, today: date) -> date | None:
    """Return the day of an ISO-like date string if it is a real, possible day."""
    day = _iso_day(value)
    return day if day and EARLIEST <= day <= today else None


def _iso_day(value: str) -> date | None:
    match = ISO_DAY.search(value or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _why_impossible(day: date, today: date) -> str:
    return "after the import time" if day > today else "before 1900"


def _metadata_days(tree: HtmlElement, today: date) -> tuple[list[date], list[str]]:
    """Return the possible days the page's metadata states, and notes on impossible ones."""
    days, notes = [], []
    for where, value in _metadata_values(tree):
        day = _iso_day(value)
        if day is None:
            continue
        if EARLIEST <= day <= today:
            days.append(day)
        else:
            notes.append(f"{where} date {day} rejected: {_why_impossible(day, today)}")
    return days, notes


def _metadata_values(tree: HtmlElement):
    metas = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        if key and meta.get("content"):
            metas.setdefault(key.lower(), meta.get("content"))
    yield from ((key, metas[key]) for key in META_KEYS if key in metas)
    for script in tree.iter("script"):
        if script.get("type") == "application/ld+json" and script.text:
            yield from (("JSON-LD", value) for value in _json_ld_dates(script.text))
    for time in tree.iter("time"):
        if time.get("datetime"):
            yield "<time>", time.get("datetime")


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


def _url_date(url: str) -> tuple[date | None, str | None]:
    for pattern, precision in ((URL_DAY, "day"), (URL_MONTH, "month")):
        match = pattern.search(url)
        if match:
            year, month, day = (*map(int, match.groups()), 1)[:3]  # a month-only URL means day 1
            try:
                return date(year, month, day), precision
            except ValueError:
                return None, None
    return None, None
