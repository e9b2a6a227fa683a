"""Every match of a search, not one page: streamed CSV and JSON Lines exports, and an Atom feed."""

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context, url_for
from werkzeug.exceptions import BadRequest

import index
from app.citations import safe_url
from app.params import query_from_args

bp = Blueprint("exports", __name__)
FEED_ENTRIES = 50
CSV_COLUMNS = (
    "id", "title", "outlet", "author", "published", "date_source", "language", "countries",
    "countries_mentioned", "actors", "collection", "cluster_id", "url", "permalink", "imported", "text",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


@bp.get("/api/export")
def export():
    """Stream every article matching the search (every copy of a story), as CSV or JSON Lines."""
    kind = request.args.get("format", "csv")
    if kind not in EXPORT_TYPES:
        raise BadRequest("parameter 'format' must be csv or jsonl")
    query = query_from_args(request.args, current_app.config)
    articles = index.all_matches(current_app.extensions["archive_index"], query)
    rows = _csv_rows(articles) if kind == "csv" else _jsonl_rows(articles)
    headers = {"Content-Disposition": f'attachment; filename="conflict-archive-export.{kind}"'}
    return Response(stream_with_context(rows), content_type=EXPORT_TYPES[kind], headers=headers)


@bp.get("/feed")
def feed():
    """An Atom feed of the search: the articles imported most recently first."""
    query = replace(query_from_args(request.args, current_app.config), sort="imported", page=1, per_page=FEED_ENTRIES)
    result = index.search(current_app.extensions["archive_index"], query)
    now = datetime.now(UTC).replace(tzinfo=None)  # import times are stored as UTC
    updated = max((hit.article.imported for hit in result.hits if hit.article.imported), default=now)
    body = render_template("feed.xml", result=result, query=query, updated=updated, safe_url=safe_url)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _csv_rows(articles):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for article in articles:
        record = article.to_dict()
        writer.writerow(
            _cell(value)
            for value in (
                article.doc_id, article.title, article.source, article.author, record["published"],
                article.date_source, article.language, " ".join(article.countries),
                " ".join(article.countries_mentioned),
                "; ".join(f"{a.name} ({a.type})" for a in article.actors), article.collection, article.cluster_id,
                safe_url(article.url), _permalink(article), record["imported"], article.text,
            )
        )  # fmt: skip
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, -, @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _jsonl_rows(articles):
    for article in articles:
        yield json.dumps({**article.to_dict(), "permalink": _permalink(article)}, ensure_ascii=False) + "\n"


def _permalink(article: index.Article) -> str:
    return url_for("search.document_page", doc_id=article.doc_id, _external=True)
