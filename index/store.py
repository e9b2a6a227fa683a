"""Open the index and write articles to it; importing the same article twice changes nothing."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index

from index.document import Actor, Article
from index.errors import IndexMissing, IndexOutdated
from index.schema import ACTOR_TYPE_SEPARATOR, SCHEMA, UNDATED

WRITE_LOCK_SECONDS = 60  # a second writer waits this long for the first to commit


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0  # the same doc_id twice in one batch: the first is kept


def open_index(path, create: bool = False) -> Index:
    """Open the index at `path`; with `create`, make an empty one where none exists."""
    path = Path(path)
    if whoosh_index.exists_in(path):
        ix = whoosh_index.open_dir(path)
        if set(ix.schema.names()) != set(SCHEMA.names()):
            raise IndexOutdated(path)
        return ix
    if not create:
        raise IndexMissing(path)
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(path, SCHEMA)


def add_documents(ix: Index, articles, imported: datetime | None = None) -> WriteCounts:
    """Add or update `articles` in one commit; an article already stored as is stays untouched."""
    imported = imported or datetime.now().replace(microsecond=0)
    counts = WriteCounts()
    writer = ix.writer(timeout=WRITE_LOCK_SECONDS)
    try:
        seen = set()
        with ix.searcher() as searcher:
            for article in articles:
                if article.doc_id in seen:
                    counts.duplicate += 1
                    continue
                seen.add(article.doc_id)
                fields = _fields_of(article, imported)
                stored = searcher.document(doc_id=article.doc_id)
                if stored is None:
                    counts.new += 1
                elif stored["fingerprint"] == fields["fingerprint"]:
                    counts.unchanged += 1
                    continue
                else:
                    counts.updated += 1
                writer.update_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return counts


def get_document(ix: Index, doc_id: str) -> Article | None:
    """Return the stored article with `doc_id`, or None."""
    with ix.searcher() as searcher:
        stored = searcher.document(doc_id=doc_id)
    return article_from(stored) if stored else None


def article_from(stored: dict) -> Article:
    """Rebuild an Article from the stored fields of one document."""
    published = stored.get("published")
    return Article(
        doc_id=stored["doc_id"],
        title=stored.get("title", ""),
        text=stored.get("body", ""),
        source_path=stored.get("source_path", ""),
        collection=stored.get("collection", ""),
        url=stored.get("url"),
        source=stored.get("source", ""),
        author=stored.get("author", ""),
        language=stored.get("language", "und"),
        language_confidence=stored.get("language_confidence", 0.0),
        published=published.date() if published else None,
        date_source=stored.get("date_source"),
        date_precision=stored.get("date_precision"),
        date_note=stored.get("date_note", ""),
        countries=tuple(_split(stored.get("country"))),
        countries_mentioned=tuple(_split(stored.get("country_mentioned"))),
        actors=tuple(Actor(*actor) for actor in stored.get("actors", ())),
        imported=stored.get("imported"),
        encoding=stored.get("encoding", ""),
        extraction_method=stored.get("extraction_method", ""),
    )


def _fields_of(article: Article, imported: datetime) -> dict:
    fields = {
        "doc_id": article.doc_id,
        "title": article.title,
        "body": article.text,
        "url": article.url,
        "source_path": article.source_path,
        "source": article.source,
        "author": article.author,
        "collection": article.collection,
        "language": article.language,
        "language_confidence": article.language_confidence,
        "date_source": article.date_source,
        "date_precision": article.date_precision,
        "date_note": article.date_note,
        "encoding": article.encoding,
        "extraction_method": article.extraction_method,
        "month": article.published.strftime("%Y-%m") if article.published else UNDATED,
        "country": ",".join(article.countries),
        "country_mentioned": ",".join(article.countries_mentioned),
        "actor": ",".join(a.name for a in article.actors),
        "actor_typed": ",".join(f"{a.type}{ACTOR_TYPE_SEPARATOR}{a.name}" for a in article.actors),
        "actor_type": ",".join(sorted({a.type for a in article.actors})),
        "actors": [[a.name, a.type, a.role] for a in article.actors],
    }
    if article.published:
        fields["published"] = _as_datetime(article.published)
    fields["fingerprint"] = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
    fields["imported"] = imported
    return fields


def _as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _split(joined: str | None) -> list[str]:
    return [value for value in (joined or "").split(",") if value]
