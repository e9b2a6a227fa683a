"""The article as it crosses from the import pipeline into the index and back out."""

from dataclasses import dataclass
from datetime import date, datetime

# ACLED-like actor classes, the only values Actor.type takes.
ACTOR_TYPES = ("person", "government", "state_forces", "rebel_group", "militia", "igo", "ngo", "media", "other_org")


@dataclass(frozen=True)
class Actor:
    name: str  # canonical: "Ilham Aliyev", "United Nations Security Council"
    type: str  # one of ACTOR_TYPES
    role: str = ""  # for a person, where stated: head_of_state, minister, spokesperson, commander...


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    text: str  # cleaned body, paragraphs separated by a blank line
    source_path: str
    collection: str = "default"
    url: str | None = None
    source: str = ""  # outlet name or domain
    author: str = ""
    language: str = "und"
    language_confidence: float = 0.0
    published: date | None = None
    date_source: str | None = None  # metadata, url, text, dateline, feed, warc, import
    date_precision: str | None = None  # day, month, year
    date_note: str = ""  # a date found but rejected, and why
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 of what the story is about, most salient first
    countries_mentioned: tuple[str, ...] = ()  # every country the story names
    actors: tuple[Actor, ...] = ()
    imported: datetime | None = None
    encoding: str = ""  # what the bytes were read as
    extraction_method: str = ""  # trafilatura, readability, bs4 or text
    paths: tuple[str, ...] = ()  # every place the article was found, source_path first
    source_key: str = ""  # hash of (source_path, content): lets a resumed import skip it
    signature: tuple[int, ...] = ()  # MinHash of the text, for near-duplicate clusters
    cluster_id: str = ""  # the story this article is a copy of (its own id when it stands alone)

    def to_dict(self) -> dict:
        """Return the article as JSON-ready data."""
        return {
            "id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "outlet": self.source,
            "author": self.author,
            "source_path": self.source_path,
            "collection": self.collection,
            "published": self.published.isoformat() if self.published else None,
            "date_source": self.date_source,
            "date_precision": self.date_precision,
            "date_note": self.date_note,
            "language": self.language,
            "language_confidence": self.language_confidence,
            "countries": list(self.countries),
            "countries_mentioned": list(self.countries_mentioned),
            "actors": [{"name": a.name, "type": a.type, **({"role": a.role} if a.role else {})} for a in self.actors],
            "encoding": self.encoding,
            "extraction_method": self.extraction_method,
            "imported": self.imported.isoformat() if self.imported else None,
            "paths": list(self.paths or (self.source_path,)),
            "cluster_id": self.cluster_id or None,
            "text": self.text,
        }
