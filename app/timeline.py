"""The timeline above the results: matches per month (per year over long spans), as SVG bars.

Drawn on the server, so it works without JavaScript: each bar links to the search narrowed to
its month or year, and an explicit "undated" bar lists the articles without a date.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import index
from app.params import url_args

MONTHS_AT_MOST = 36  # a longer span is drawn per year
BAR_WIDTH, BAR_GAP, HEIGHT, LABEL_HEIGHT = 14, 3, 80, 14
TICK_SPACING = 3 * (BAR_WIDTH + BAR_GAP)  # room for "2020" at the timeline's font size
MIN_WIDTH = 40 * (BAR_WIDTH + BAR_GAP)  # a few bars stay bars, not a wall of colour
RANGE_PARAMS = {"from": None, "to": None, "date": None}


@dataclass(frozen=True)
class Bar:
    label: str  # "Oct 2020", "2020" or "undated"
    count: int
    url: str
    first: str  # ISO days of the bar's range ("" for undated)
    last: str
    x: int
    height: int
    selected: bool
    tick: str = ""  # a year written under the bar


@dataclass(frozen=True)
class Timeline:
    bars: tuple[Bar, ...]
    width: int
    height: int = HEIGHT
    label_height: int = LABEL_HEIGHT
    bar_width: int = BAR_WIDTH


def timeline(counts, query: index.Query, args) -> Timeline | None:
    """Return the bars of the date facet's counts, or None when no article matches."""
    by_month = {fc.value: fc.count for fc in counts if fc.value != index.UNDATED}
    undated = next((fc.count for fc in counts if fc.value == index.UNDATED), 0)
    if not by_month and not undated:
        return None
    buckets = _buckets(by_month)
    tallest = max([count for *_, count in buckets] + [undated, 1])
    bars, x = [], 0
    previous_year, last_tick = None, -TICK_SPACING
    for label, first, last, count in buckets:
        change = {"from": first.isoformat(), "to": last.isoformat()}
        chosen = (query.date_from or date.min) <= first and last <= (query.date_to or date.max)
        selected = bool(query.date_from or query.date_to) and chosen
        # A year under its first bar, where the year before left room for it.
        tick = str(first.year) if first.year != previous_year and x - last_tick >= TICK_SPACING else ""
        previous_year, last_tick = first.year, (x if tick else last_tick)
        url = _url(args, change)
        bars.append(Bar(label, count, url, change["from"], change["to"], x, _height(count, tallest), selected, tick))
        x += BAR_WIDTH + BAR_GAP
    if undated:
        x += BAR_WIDTH  # set apart: not a point in time
        selected = index.UNDATED in query.filters.get("date", ())
        url = _url(args, {"date": index.UNDATED})
        bars.append(Bar("undated", undated, url, "", "", x, _height(undated, tallest), selected, "undated"))
        x += BAR_WIDTH + BAR_GAP
    return Timeline(tuple(bars), width=max(x, MIN_WIDTH))


def _buckets(by_month: dict[str, int]) -> list[tuple[str, date, date, int]]:
    """Every month (or year) from the first to the last, empty ones included: gaps show."""
    if not by_month:
        return []
    months = sorted(by_month)
    (y0, m0), (y1, m1) = (map(int, months[0].split("-")), map(int, months[-1].split("-")))
    span = (y1 - y0) * 12 + m1 - m0 + 1
    if span > MONTHS_AT_MOST:
        per_year = {}
        for month, count in by_month.items():
            per_year[int(month[:4])] = per_year.get(int(month[:4]), 0) + count
        return [(str(y), date(y, 1, 1), date(y, 12, 31), per_year.get(y, 0)) for y in range(y0, y1 + 1)]
    buckets = []
    for offset in range(span):
        year, month = y0 + (m0 - 1 + offset) // 12, (m0 - 1 + offset) % 12 + 1
        last = calendar.monthrange(year, month)[1]
        label = f"{calendar.month_abbr[month]} {year}"
        buckets.append((label, date(year, month, 1), date(year, month, last), by_month.get(f"{year}-{month:02d}", 0)))
    return buckets


def _height(count: int, tallest: int) -> int:
    return max(2, round(HEIGHT * count / tallest)) if count else 0


def _url(args, change: dict) -> str:
    return "/?" + urlencode(url_args(args, remove=RANGE_PARAMS, add=change))
