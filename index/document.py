"""The article as it crosses from the import pipeline into the index and back out."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Actor:
    name: str  # canonical: "Ilham Aliyev", "United Nations Security Council"
    type: str  # person, government, state_forces, rebel_group, militia, igo, ngo, media, other_org


@dataclass(frozen=True)
class Article:
    doc_id: str
    title: str
    text: str  # cleaned body, paragraphs separated by a blank line
    source_path: str
    collection: str = "default"
    url: str | None = None
    source: str = ""  # outlet name or domain
    language: str = "und"
    published: date | None = None
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, most salient first
    actors: tuple[Actor, ...] = ()
    imported: datetime | None = None

    def to_dict(self) -> dict:
        """Return the article as JSON-ready data."""
        return {
            "id": self.doc_id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "source_path": self.source_path,
            "collection": self.collection,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "countries": list(self.countries),
            "actors": [{"name": a.name, "type": a.type} for a in self.actors],
            "text": self.text,
        }
