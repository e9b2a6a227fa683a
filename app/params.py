"""Request parameters to a typed Query and back to URLs: every view is a citable link."""

import re
from datetime import date

from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

from index import ACTOR_TYPES, SORTS, Query

# URL parameter -> facet of the index, for the filters that repeat (?country=AM&country=AZ).
FILTER_PARAMS = {
    "country": "country",
    "actor": "actor",
    "actor_type": "actor_type",
    "lang": "language",
    "source": "source",
    "collection": "collection",
    "date": "date",  # a month, 2020-10, or "undated"
}
VALID = {
    "country": re.compile(r"[A-Za-z]{2}"),
    "actor_type": re.compile("|".join(ACTOR_TYPES)),
    "lang": re.compile(r"[a-z]{2,3}"),
    "actor": re.compile(r".{1,200}", re.DOTALL),
    "source": re.compile(r".{1,200}", re.DOTALL),
    "collection": re.compile(r".{1,200}", re.DOTALL),
    "date": re.compile(r"\d{4}-\d{2}|undated"),
}
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_PAGE = 10_000


def query_from_args(args: MultiDict, config) -> Query:
    """Read a Query from request parameters; a bad value is a 400 that names the parameter."""
    text = args.get("q", "")
    if len(text) > config["MAX_QUERY_CHARS"]:
        raise BadRequest(f"parameter 'q' is too long ({len(text):,} characters; at most {config['MAX_QUERY_CHARS']:,})")
    filters, excluded = {}, {}
    for param, facet in FILTER_PARAMS.items():
        # ?country=AM includes, ?-country=RU excludes
        for name, chosen in ((param, filters), (f"-{param}", excluded)):
            values = [v.strip() for v in args.getlist(name) if v.strip()]
            for value in values:
                if not VALID[param].fullmatch(value):
                    raise BadRequest(f"parameter '{name}' has an invalid value: {value[:50]!r}")
            if values:
                chosen[facet] = tuple(dict.fromkeys(v.upper() if param == "country" else v for v in values))
    date_from, date_to = _day(args, "from"), _day(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("parameter 'from' is after parameter 'to'")
    group = args.get("group", "cluster") or "cluster"
    if group not in ("cluster", "none"):
        raise BadRequest("parameter 'group' must be cluster (one result per story) or none (every copy)")
    cluster = args.get("cluster", "").strip()
    if cluster and not re.fullmatch(r"[0-9a-f]{1,64}", cluster):
        raise BadRequest(f"parameter 'cluster' must be an archive id, not {cluster[:30]!r}")
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"parameter 'sort' must be one of {', '.join(SORTS)}")
    return Query(
        text=text,
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=_number(args, "page", 1, MAX_PAGE),
        per_page=_number(args, "per_page", config["PAGE_SIZE"], config["MAX_PAGE_SIZE"]),
        group=group == "cluster" and not cluster,
        cluster=cluster,
        excluded=excluded,
    )


def url_args(args: MultiDict, add: dict | None = None, remove: dict | None = None, reset_page=True) -> list:
    """Return the request's parameters with values added or removed, as (name, value) pairs."""
    pairs = [(k, v) for k, v in args.items(multi=True) if v != "" and not (reset_page and k == "page")]
    for name, value in (remove or {}).items():
        pairs = [(k, v) for k, v in pairs if not (k == name and (value is None or v.casefold() == value.casefold()))]
    for name, value in (add or {}).items():
        if (name, value) not in pairs:
            pairs.append((name, value))
    return pairs


def _day(args: MultiDict, name: str) -> date | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        if not ISO_DAY.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"parameter '{name}' must be a date as YYYY-MM-DD, not {value[:30]!r}") from None


def _number(args: MultiDict, name: str, default: int, highest: int) -> int:
    value = args.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value) or not 1 <= int(value) <= highest:
        raise BadRequest(f"parameter '{name}' must be a whole number from 1 to {highest:,}")
    return int(value)
