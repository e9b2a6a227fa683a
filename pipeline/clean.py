"""Clean stage: a RawDocument in, a Page out (title, main text, and the page's own metadata)."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from pipeline.boilerplate import is_boilerplate
from pipeline.dates import published_from_html
from pipeline.decode import decode
from pipeline.errors import CleanError
from pipeline.read import RawDocument

DROPPED_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "menu",
]
# A class or id naming one of these marks a block that is not article text.
BOILERPLATE_NAMES = re.compile(
    r"share|sharing|social|comment|related|breadcrumb|advert|(^|[-_])ads?($|[-_])|newsletter"
    r"|sidebar|widget|cookie|consent|subscribe|promo|popup|modal|telegram|whatsapp"
    r"|(^|[-_])(nav|menu|tags?|tag-links|skip-link|screen-reader-text|caption|byline|meta)($|[-_])",
    re.IGNORECASE,
)
PROTECTED_TAGS = {"html", "body", "main", "article"}
BLOCK_TAGS = ["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"]
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True)
class Page:
    source_path: str
    title: str
    text: str  # paragraphs separated by a blank line
    url: str | None = None
    outlet: str = ""
    published: date | None = None
    declared_language: str | None = None  # <html lang>, "en-US" -> "en"


def clean(raw: RawDocument) -> Page:
    """Keep the article of one document: title and body, without menus, prompts and captions."""
    if b"\x00" in raw.data[:8192] and not raw.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CleanError(raw.source_path, "binary file")
    text, _encoding = decode(raw.data)
    page = _clean_html(raw.source_path, text) if raw.kind == "html" else _clean_text(raw.source_path, text)
    if not page.text:
        raise CleanError(raw.source_path, "empty after cleaning")
    return page


def normalize(text: str) -> str:
    """Return NFC text without invisible characters, spaces collapsed inside each line."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def _clean_text(source_path: str, text: str) -> Page:
    lines = [line for line in normalize(text).splitlines() if line]
    if not lines:
        return Page(source_path, "", "")
    title, body = lines[0], lines[1:]
    return Page(source_path, title, "\n\n".join(line for line in body if not is_boilerplate(line)))


def _clean_html(source_path: str, html: str) -> Page:
    soup = BeautifulSoup(html, "lxml")
    metadata = _metadata(soup)
    title = _title(soup, metadata)
    published = published_from_html(soup)
    for node in soup(DROPPED_TAGS):
        node.decompose()
    for node in soup.find_all(_is_boilerplate_block):
        node.decompose()
    root = _main_block(soup)
    paragraphs = [normalize(block.get_text(" ")) for block in _blocks(root)] if root else []
    body = [p for p in paragraphs if p and not is_boilerplate(p) and p != title]
    url = metadata.get("canonical") or metadata.get("og:url")
    url = url if url and urlsplit(url).scheme in ("http", "https") else None
    outlet = metadata.get("og:site_name") or (urlsplit(url).hostname or "" if url else "")
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    return Page(
        source_path,
        title,
        "\n\n".join(body),
        url=url,
        outlet=normalize(outlet).removeprefix("www."),
        published=published,
        declared_language=lang.split("-")[0].lower() if isinstance(lang, str) and lang else None,
    )


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    found = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if isinstance(key, str) and isinstance(meta.get("content"), str):
            found.setdefault(key.lower(), meta["content"].strip())
    canonical = soup.find("link", rel="canonical")
    if canonical and isinstance(canonical.get("href"), str):
        found["canonical"] = canonical["href"].strip()
    return found


def _title(soup: BeautifulSoup, metadata: dict[str, str]) -> str:
    heading = soup.find("h1")
    if heading and normalize(heading.get_text(" ")):
        return normalize(heading.get_text(" "))
    if metadata.get("og:title"):
        return normalize(metadata["og:title"])
    if soup.title and soup.title.string:
        # "Headline - Outlet": keep the headline.
        return re.split(r"\s+[-|–—]\s+", normalize(soup.title.string))[0]
    return ""


def _is_boilerplate_block(node) -> bool:
    if not isinstance(node, Tag) or node.name in PROTECTED_TAGS or node.attrs is None:
        return False
    names = [*node.get("class", []), node.get("id") or "", node.get("role") or ""]
    return any(BOILERPLATE_NAMES.search(name) for name in names if name)


def _main_block(soup: BeautifulSoup) -> Tag | None:
    """Return the element whose own paragraphs hold the most text."""
    text_by_parent: dict[int, int] = {}
    parents: dict[int, Tag] = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        if parent is not None:
            parents[id(parent)] = parent
            text_by_parent[id(parent)] = text_by_parent.get(id(parent), 0) + len(paragraph.get_text())
    if not text_by_parent:
        return soup.body or soup
    return parents[max(text_by_parent, key=text_by_parent.get)]


def _blocks(root: Tag):
    """Yield the outermost text blocks under `root`, in document order."""
    for block in root.find_all(BLOCK_TAGS):
        if not block.find_parent(BLOCK_TAGS):
            yield block
