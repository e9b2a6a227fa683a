"""Tag stage: a cleaned Page in, an Article with its id, language and facets out."""

import hashlib
import re
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasketch import MinHash

from index import Article
from pipeline.actors import tag_actors
from pipeline.clean import Page
from pipeline.countries import tag_countries
from pipeline.language import detect_language

TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
WORD = re.compile(r"\w+")
SHINGLE_WORDS = 5
SIGNATURE_VALUES = 128  # index/clusters.py cuts them into 32 bands of 4
MINHASH_SCHEME = "affine32"  # datasketch's default: stored signatures were made with it


def tag(page: Page, collection: str) -> Article:
    """Give a cleaned page its stable id, language, countries and actors."""
    if page.given_language:
        language, confidence = page.given_language, 1.0
    else:
        language, confidence = detect_language(page.text, page.declared_language)
    countries = tag_countries(page.title, page.text)
    return Article(
        doc_id=document_id(page.url, f"{page.title}\n{page.text}"),
        title=page.title,
        text=page.text,
        source_path=page.source_path,
        collection=collection,
        url=page.url,
        source=page.outlet,
        author=page.author,
        language=language,
        language_confidence=confidence,
        published=page.published.day,
        date_source=page.published.source,
        date_precision=page.published.precision,
        date_note=page.published.note,
        countries=countries.about,
        countries_mentioned=countries.mentioned,
        actors=tag_actors(page.title, page.text),
        encoding=page.encoding,
        extraction_method=page.extraction_method,
        paths=(page.source_path,),
        signature=minhash(page.text),
    )


def minhash(text: str) -> tuple[int, ...]:
    """Return the MinHash signature of a text's word 5-shingles: copies of a story share most values."""
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    signature = MinHash(num_perm=SIGNATURE_VALUES, seed=1, scheme=MINHASH_SCHEME, permutations=_permutations())
    signature.update_batch(list(shingles))
    return tuple(int(value) for value in signature.hashvalues)


@cache
def _permutations():
    """Return the hash permutations of seed 1, drawn once: drawing them took a third of minhash()."""
    return MinHash(num_perm=SIGNATURE_VALUES, seed=1, scheme=MINHASH_SCHEME).permutations


def document_id(url: str | None, text: str) -> str:
    """Return a stable id: from the normalised URL when there is one, else from the title and text."""
    key = f"url:{normalize_url(url)}" if url else f"text:{' '.join(text.split())}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def normalize_url(url: str) -> str:
    """Return `url` without what varies between links to one page: case, www, tracking, #."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(TRACKING_PARAMS)]
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme,
            host,
            parts.path.rstrip("/") or "/",
            urlencode(sorted(query)),
            "",
        )
    )
