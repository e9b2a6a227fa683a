"""Open the index and write articles to it; importing the same article twice changes nothing."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.query import Or, Term
from whoosh.reading import SegmentReader

import index.storage  # noqa: F401  (segments read in place: see there)
from index.analysis import stem_field
from index.clusters import ClusterFinder, pack
from index.document import Actor, Article
from index.errors import IndexMissing, IndexOutdated
from index.reading import current_searcher
from index.schema import ACTOR_TYPE_SEPARATOR, SCHEMA, UNDATED
from index.writing import BulkWriter, collector_paused

WRITE_LOCK_SECONDS = 60  # a second writer waits this long for the first to commit
MERGE_FACTOR = 10  # small segments merged together (merge_small)
SMALL_SEGMENT = 1_000  # documents


@dataclass
class WriteCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0  # an article already stored, found again at another path


def open_index(path, create: bool = False) -> Index:
    """Open the index at `path`; with `create`, make an empty one where none exists."""
    path = Path(path)
    if whoosh_index.exists_in(path):
        ix = whoosh_index.open_dir(path)
        # A field no longer written (lsh_bands, before 2026-12) is harmless; a missing one is not.
        if not set(SCHEMA.names()) <= set(ix.schema.names()):
            raise IndexOutdated(path)
        return ix
    if not create:
        raise IndexMissing(path)
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(path, SCHEMA)


@collector_paused()  # the batch's postings live until the commit (index/writing.py)
def add_documents(
    ix: Index, articles, imported: datetime | None = None, clusters: ClusterFinder | None = None
) -> WriteCounts:
    """Add or update `articles` in one commit; an article already stored as is stays untouched.

    An article found again at another path is stored once, listing all its paths. A new or
    changed article joins the cluster of its nearest copy (index/clusters.py). A bulk import
    passes one ClusterFinder for all its batches.
    """
    imported = imported or datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # stored as UTC
    counts = WriteCounts()
    writer = BulkWriter(ix, timeout=WRITE_LOCK_SECONDS)
    try:
        with ix.searcher() as searcher:
            clusters = clusters or ClusterFinder(searcher.reader())
            pending: dict[str, dict] = {}  # Whoosh keeps both when one writer adds an id twice
            replaced: list[str] = []  # ids stored before this batch, to delete before adding again
            for article in articles:
                known = article.doc_id not in pending and clusters.may_hold(article.doc_id)
                stored = _stored_fields(searcher, article.doc_id) if known else None
                fields = _fields_of(article, imported)
                outcome = _merge(fields, pending.get(article.doc_id) or stored)
                setattr(counts, outcome, getattr(counts, outcome) + 1)
                if outcome in ("new", "updated"):
                    fields["cluster_id"] = clusters.cluster_of(article.doc_id, article.signature)
                if outcome != "unchanged":
                    pending[article.doc_id] = fields
                    if stored is not None:
                        replaced.append(article.doc_id)
            # One delete for the batch: Whoosh's update_document opens a reader over every
            # segment for each document, which made each batch of a bulk import slower.
            if replaced:
                writer.delete_by_query(Or([Term("doc_id", doc_id) for doc_id in replaced]))
            for fields in pending.values():
                writer.add_document(**fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_small)
    return counts


def merge_small(writer, segments) -> list:
    """Whoosh merge policy: once MERGE_FACTOR segments under SMALL_SEGMENT documents exist, merge them.

    Each commit writes a segment, and a search looks every word up in every segment. Whoosh's
    own MERGE_SMALL merges only segments of a handful of documents, so many small commits (a
    web app adding articles one by one, an import's last batches) would pile up. Bigger
    segments are left alone: rewriting them costs as much as indexing again (optimize()).
    """
    small = [segment for segment in segments if segment.doc_count_all() < SMALL_SEGMENT]
    if len(small) < MERGE_FACTOR:
        return segments
    for segment in small:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    return [segment for segment in segments if segment not in small]


def optimize(ix: Index) -> int:
    """Merge every segment into one (after a big import: searches then look each word up once).

    Return the number of segments before. It rewrites the whole index: minutes per 100,000
    articles; searches go on meanwhile.
    """
    with ix.reader() as reader:
        segments = len(reader.leaf_readers())
    writer = BulkWriter(ix, timeout=WRITE_LOCK_SECONDS)
    writer.commit(optimize=True)
    return segments


def list_collections(ix: Index) -> list[tuple[str, int]]:
    """Return every collection with its number of documents, largest first."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        # doc_frequency would still count deleted documents until segments merge
        counts = [
            (term.decode("utf-8"), sum(1 for _ in searcher.docs_for_query(Term("collection", term.decode("utf-8")))))
            for term in reader.lexicon("collection")
        ]
    return sorted(((name, n) for name, n in counts if n), key=lambda item: (-item[1], item[0]))


def delete_collection(ix: Index, name: str) -> int:
    """Delete every document of a collection; return how many there were."""
    writer = BulkWriter(ix, timeout=WRITE_LOCK_SECONDS)
    deleted = writer.delete_by_term("collection", name)
    writer.commit()
    return deleted


def known_source_keys(ix: Index) -> set[str]:
    """Return the (path, content) keys of every stored article: what a resumed import can skip."""
    with ix.reader() as reader:
        return {key.decode("ascii") for key in reader.lexicon("source_keys")}


def _merge(fields: dict, earlier: dict | None) -> str:
    """Merge an article's fields with its earlier copy; return new, updated, duplicate or unchanged."""
    if earlier is None:
        return "new"
    fields["paths"] = list(dict.fromkeys([*earlier["paths"], *fields["paths"]]))
    fields["source_keys"] = ",".join(sorted({*earlier["source_keys"].split(","), fields["source_keys"]} - {""}))
    if earlier["fingerprint"] != fields["fingerprint"]:
        return "updated"
    if fields["paths"] == earlier["paths"]:
        return "unchanged"
    fields.update(cluster_id=earlier["cluster_id"], imported=earlier["imported"], source_path=earlier["source_path"])
    return "duplicate"


def _stored_fields(searcher, doc_id: str) -> dict | None:
    stored = searcher.document(doc_id=doc_id)
    if stored is None:
        return None
    return {**stored, "paths": stored.get("paths") or [stored["source_path"]],
            "source_keys": stored.get("source_keys", "")}  # fmt: skip


def get_document(ix: Index, doc_id: str) -> Article | None:
    """Return the stored article with `doc_id`, or None."""
    stored = current_searcher(ix).document(doc_id=doc_id)
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
        paths=tuple(stored.get("paths") or (stored.get("source_path", ""),)),
        cluster_id=stored.get("cluster_id", ""),
    )


def _fields_of(article: Article, imported: datetime) -> dict:
    fields = {
        "doc_id": article.doc_id,
        "title": article.title,
        "body": article.text,
        "url": article.url,
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
    if stem_field(article.language):
        fields[stem_field(article.language)] = f"{article.title}\n\n{article.text}"
    # Where the article was found, and when, is not what it says: left out of the fingerprint.
    fields.update(
        source_path=article.source_path,
        paths=list(article.paths or (article.source_path,)),
        source_keys=article.source_key,
        imported=imported,
        signature=pack(article.signature),
        cluster_id=article.doc_id,
    )
    return fields


def _as_datetime(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _split(joined: str | None) -> list[str]:
    return [value for value in (joined or "").split(",") if value]
