"""Clean stage: a RawDocument in, a Page out (title, main text, and what the page says of itself)."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from trafilatura.utils import load_html

from pipeline.boilerplate import is_boilerplate
from pipeline.dates import Published, find_published, given_date
from pipeline.decode import UndecodableText, decode
from pipeline.errors import CleanError
from pipeline.extract import bs4_text, extract
from pipeline.read import RawDocument

HTML_TAG = re.compile(r"<(p|div|br|span|a|li|h[1-6]|blockquote|table|img)\b", re.IGNORECASE)
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero-width
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")  # ISO 639-1 (or -3) as an export may give it


@dataclass(frozen=True)
class Page:
    source_path: str
    title: str
    text: str  # paragraphs separated by a blank line
    url: str | None = None
    outlet: str = ""
    author: str = ""
    published: Published = Published()
    declared_language: str | None = None  # <html lang> or og:locale, "en-US" -> "en"
    given_language: str | None = None  # an export's own language field: kept, not guessed again
    encoding: str = ""
    extraction_method: str = ""


def clean(raw: RawDocument, repeated_lines: frozenset[str] = frozenset(), today: date | None = None) -> Page:
    """Keep the article of one document: title and body, without menus, prompts and captions.

    `repeated_lines` are lines seen in many documents of the collection: boilerplate of the site.
    """
    today = today or date.today()
    if raw.kind == "record":
        page = _clean_record(raw, repeated_lines, today)
    else:
        try:
            text, encoding = decode(raw.data)
        except UndecodableText as error:
            raise CleanError(raw.source_path, str(error)) from None
        if raw.kind == "html":
            page = _clean_html(raw, text, encoding, repeated_lines, today)
        else:
            page = _clean_text(raw.source_path, text, encoding, repeated_lines, today)
    if not page.text:
        raise CleanError(raw.source_path, "empty after cleaning")
    return page


def normalize(text: str) -> str:
    """Return NFC text without invisible characters, spaces collapsed inside each line."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def body_paragraphs(text: str, title: str, repeated_lines: frozenset[str]) -> str:
    """Return the paragraphs of `text` that are article text, separated by a blank line."""
    kept = []
    for paragraph in normalize(text).split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph and paragraph != title and paragraph not in repeated_lines and not is_boilerplate(paragraph):
            kept.append(paragraph.replace("\n", " "))
    return "\n\n".join(kept)


def scrape_lines(text: str) -> list[str]:
    """Return the non-empty, normalised lines of a text scrape; the first is its title."""
    return [line for line in normalize(text).splitlines() if line]


def _clean_text(source_path, text, encoding, repeated_lines, today) -> Page:
    lines = scrape_lines(text)
    if not lines:
        return Page(source_path, "", "")
    title, body = lines[0], body_paragraphs("\n\n".join(lines[1:]), lines[0], repeated_lines)
    return Page(source_path, title, body, published=find_published(None, None, body, None, today),
                encoding=encoding, extraction_method="text")  # fmt: skip


def _clean_record(raw: RawDocument, repeated_lines, today) -> Page:
    """Clean a record of a JSON, CSV or feed export: its fields are given, its text may be HTML."""
    fields = raw.fields or {}
    text = fields.get("text", "")
    if HTML_TAG.search(text):
        text = bs4_text(text)
    title = normalize(fields.get("title", ""))
    body = body_paragraphs(text, title, repeated_lines)
    url = next((u for u in (raw.url, fields.get("url")) if u and urlsplit(u).scheme in ("http", "https")), None)
    published = given_date(fields.get("published", ""), raw.date_source or "import-field", today)
    if published.day is None and not published.note:
        published = find_published(None, url, body, None, today)
    language = fields.get("language", "").strip().split("-")[0].lower()
    language = language if LANGUAGE_CODE.fullmatch(language) else None  # "English" or junk: detect instead
    return Page(raw.source_path, title, body, url=url, outlet=normalize(fields.get("source", "")),
                published=published, given_language=language, encoding="utf-8", extraction_method="record")  # fmt: skip


def _clean_html(raw, html, encoding, repeated_lines, today) -> Page:
    tree = load_html(html)  # parsed once: trafilatura works on a copy, dates and language read it after
    extraction = extract(html, raw.url, today=today, tree=tree)
    title = normalize(extraction.title)
    text = body_paragraphs(extraction.text, title, repeated_lines)
    url = next((u for u in (extraction.url, raw.url) if u and urlsplit(u).scheme in ("http", "https")), None)
    published = find_published(tree, url, text, extraction.day, today)
    if published.day is None and raw.retrieved:
        # A web archive knows when the page was fetched: a date it was published by, said as such.
        note = "; ".join(filter(None, [published.note, "the day the web archive fetched the page"]))
        published = Published(raw.retrieved.date(), "warc", "day", note)
    return Page(
        raw.source_path,
        title,
        text,
        url=url,
        outlet=normalize(extraction.outlet).removeprefix("www."),
        author=normalize(extraction.author),
        published=published,
        declared_language=_declared_language(tree),
        encoding=encoding,
        extraction_method=extraction.method,
    )


def _declared_language(tree) -> str | None:
    if tree is None:
        return None
    declared = tree.get("lang") or next(
        (m.get("content") for m in tree.iter("meta") if m.get("property") == "og:locale"), None
    )
    return declared.replace("_", "-").split("-")[0].lower() or None if declared else None
