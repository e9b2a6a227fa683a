"""Main text and metadata of an HTML page: trafilatura, checked against readability, BS4 last.

Measured on ../shared/data (bench/quality.py): trafilatura alone sometimes keeps only part of an
article; when readability's text is much longer and still holds trafilatura's, readability's wins.
trafilatura runs in its fast mode first, and with its own fallbacks only when that answer is in
doubt (short, the page's paragraphs hold much more, or it has hardly any): the same quality, and
cleaning and tagging a generated page took a sixth less time.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date

import lxml.html
from bs4 import BeautifulSoup, Tag
from readability import Document
from trafilatura import bare_extraction
from trafilatura.utils import load_html

# trafilatura logs every page it finds nothing in; the import report says that already.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)

SHORT_TEXT = 250  # characters: below this, trafilatura's answer is not trusted alone
LONGER = 1.5  # readability must be this many times longer ...
CONTAINED = 0.8  # ... and hold this share of trafilatura's words to be preferred
WORD = re.compile(r"\w+")

BS4_DROPPED_TAGS = [
    "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "input",
    "select", "textarea", "nav", "header", "footer", "aside", "figure", "figcaption", "menu",
]  # fmt: skip
# A class or id naming one of these marks a block that is not article text.
BS4_BOILERPLATE_NAMES = re.compile(
    r"share|sharing|social|comment|related|breadcrumb|advert|(^|[-_])ads?($|[-_])|newsletter"
    r"|sidebar|widget|cookie|consent|subscribe|promo|popup|modal|telegram|whatsapp"
    r"|(^|[-_])(nav|menu|tags?|tag-links|skip-link|screen-reader-text|caption|byline|meta)($|[-_])",
    re.IGNORECASE,
)
BS4_PROTECTED_TAGS = {"html", "body", "main", "article"}
BLOCK_TAGS = ["p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre", "dd"]


@dataclass(frozen=True)
class Extraction:
    text: str  # paragraphs separated by a blank line, not yet normalised
    method: str  # trafilatura, readability or bs4
    title: str = ""
    author: str = ""
    outlet: str = ""
    url: str = ""
    day: date | None = None  # the day htmldate (inside trafilatura) found


def extract(html: str, url: str | None = None, today: date | None = None, tree=None) -> Extraction:
    """Return the main text of a page and the metadata it states.

    :param tree: the page already parsed by trafilatura's `load_html` (it is not changed here).
    """
    today = today or date.today()
    tree = tree if tree is not None else load_html(html)
    paragraph_chars = _paragraph_chars(tree)
    found = _trafilatura(tree, url, today, fast=True) if tree is not None else None
    trafilatura_text = _text(found)
    if tree is not None and _in_doubt(trafilatura_text, paragraph_chars):
        # trafilatura's own fallbacks (readability, jusText, a retry for recall) cost a sixth of
        # a generated page's cleaning and tagging: they run only when the fast answer is in doubt,
        # and then without looking for the metadata again (4 % of the real dev pages' cleaning).
        retried = _trafilatura(tree, url or getattr(found, "url", None), today, fast=False, metadata=found is None)
        found = found or retried
        trafilatura_text = _text(retried) or trafilatura_text
    text, method = trafilatura_text, "trafilatura"
    if _in_doubt(trafilatura_text, paragraph_chars):
        readability_text = _readability(html)
        if _prefer_readability(trafilatura_text, readability_text):
            text, method = readability_text, "readability"
    if not text.strip():
        text, method = bs4_text(html), "bs4"
    if found is None:
        return Extraction(text, method)
    return Extraction(
        text,
        method,
        title=found.title or "",
        author=found.author or "",
        outlet=found.sitename or found.hostname or "",
        url=found.url or "",
        day=date.fromisoformat(found.date) if found.date else None,
    )


def _trafilatura(tree, url, today, fast: bool, metadata: bool = True):
    params = {"original_date": True, "extensive_search": True, "min_date": "1900-01-01",
              "max_date": today.isoformat()}  # fmt: skip
    try:
        return bare_extraction(
            tree, url=url, fast=fast, with_metadata=metadata, include_comments=False, date_extraction_params=params
        )
    except ValueError:  # trafilatura's way of saying "nothing found"
        return None


def _text(found) -> str:
    return _paragraphs(found.text) if found and found.text else ""


def _paragraph_chars(tree) -> int:
    """The characters of the page's <p> paragraphs: what an extracted text is measured against."""
    return sum(len(p.text_content()) for p in tree.iter("p")) if tree is not None else 0


def _in_doubt(text: str, paragraph_chars: int) -> bool:
    """Tell whether an extracted text is short, or the page's paragraphs hold much more.

    A page with hardly any paragraph text (its text in <div>s) cannot be judged this way: in doubt.
    """
    return len(text) < SHORT_TEXT or paragraph_chars < SHORT_TEXT or paragraph_chars > LONGER * len(text)


def _prefer_readability(trafilatura_text: str, readability_text: str) -> bool:
    if len(trafilatura_text) < SHORT_TEXT:
        return len(readability_text) > len(trafilatura_text)
    if len(readability_text) <= LONGER * len(trafilatura_text):
        return False
    ours = WORD.findall(trafilatura_text.lower())
    theirs = set(WORD.findall(readability_text.lower()))
    return sum(word in theirs for word in ours) >= CONTAINED * len(ours)


def _readability(html: str) -> str:
    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises bare Exceptions on pages it cannot parse
        return ""
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    blocks = [b for b in root.iter(*BLOCK_TAGS) if not any(a.tag in BLOCK_TAGS for a in b.iterancestors())]
    return "\n\n".join(block.text_content() for block in blocks) if blocks else root.text_content()


def _paragraphs(text: str) -> str:
    # trafilatura puts one paragraph on each line; our text keeps a blank line between them.
    return "\n\n".join(line for line in text.splitlines() if line.strip())


def bs4_text(html: str) -> str:
    """Return the text blocks of the element holding the most paragraph text (the last resort)."""
    soup = BeautifulSoup(html, "lxml")
    for node in soup(BS4_DROPPED_TAGS):
        node.decompose()
    for node in soup.find_all(_is_boilerplate_block):
        node.decompose()
    root = _main_block(soup)
    blocks = [block.get_text(" ") for block in root.find_all(BLOCK_TAGS) if not block.find_parent(BLOCK_TAGS)]
    return "\n\n".join(blocks) if blocks else root.get_text("\n")


def _is_boilerplate_block(node) -> bool:
    if not isinstance(node, Tag) or node.name in BS4_PROTECTED_TAGS or node.attrs is None:
        return False
    names = [*node.get("class", []), node.get("id") or "", node.get("role") or ""]
    return any(BS4_BOILERPLATE_NAMES.search(name) for name in names if name)


def _main_block(soup: BeautifulSoup) -> Tag:
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
