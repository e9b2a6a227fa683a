"""Citations of an archived article: a line to paste into a story, and CSL-JSON for reference managers."""

from datetime import date
from urllib.parse import urlsplit

from index import Article

ARCHIVE_NAME = "Conflict Archive"


def safe_url(url: str | None) -> str | None:
    """Return `url` only if it is an http(s) link, so no javascript: link reaches a page."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def citation_text(article: Article, permalink: str) -> str:
    """Outlet, headline, date, URL, archive id and retrieved date, as one line of plain text."""
    published = _shown_date(article) or "undated"
    retrieved = article.imported.date().isoformat() if article.imported else "date unknown"
    original = safe_url(article.url)
    return " ".join(
        part
        for part in (
            f"{article.source or 'Unknown outlet'}.",
            f"“{article.title or 'Untitled'}.”",
            f"{published}.",
            f"{original}." if original else "",
            f"{ARCHIVE_NAME}, id {article.doc_id} ({permalink}), retrieved {retrieved}.",
        )
        if part
    )


def csl_json(article: Article, permalink: str) -> dict:
    """The article as a CSL-JSON item (Zotero, Pandoc, citeproc)."""
    item = {
        "id": article.doc_id,
        "type": "article-newspaper",
        "title": article.title or "Untitled",
        "container-title": article.source,
        "URL": safe_url(article.url) or permalink,
        "language": article.language,
        "archive": ARCHIVE_NAME,
        "archive_location": article.doc_id,
        "note": f"Archived copy: {permalink}",
    }
    if article.author:
        item["author"] = [{"literal": article.author}]
    if article.published:
        item["issued"] = {"date-parts": [_date_parts(article.published, article.date_precision)]}
    if article.imported:
        item["accessed"] = {"date-parts": [_date_parts(article.imported.date(), "day")]}
    return item


def _shown_date(article: Article) -> str:
    if not article.published:
        return ""
    parts = _date_parts(article.published, article.date_precision)
    return "-".join(f"{part:02d}" for part in parts)


def _date_parts(day: date, precision: str | None) -> list[int]:
    # A date known only to the month or year is not cited as the first of it.
    return {"year": [day.year], "month": [day.year, day.month]}.get(precision or "day", [day.year, day.month, day.day])
