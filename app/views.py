"""Search and article views: parse the request, ask the index, render HTML or JSON."""

import calendar
from urllib.parse import urlencode

from babel import Locale
from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup, escape

import index
from app.citations import citation_text, csl_json, safe_url
from app.params import FILTER_PARAMS, query_from_args, url_args
from app.timeline import timeline

bp = Blueprint("search", __name__)
PARAM_OF_FACET = {facet: param for param, facet in FILTER_PARAMS.items()}
LOCALE = Locale("en")


def current_index():
    return current_app.extensions["archive_index"]


@bp.get("/")
@bp.get("/api/search", endpoint="api_search")
def search_page():
    query = query_from_args(request.args, current_app.config)
    result = index.search(current_index(), query)
    if request.path.startswith("/api/"):
        return jsonify(result_to_dict(result))
    return render_template("search.html", query=query, result=result, args=request.args)


@bp.get("/doc/<doc_id>")
@bp.get("/api/doc/<doc_id>", endpoint="api_document")
def document_page(doc_id: str):
    words = request.args.get("q", "")[: current_app.config["MAX_QUERY_CHARS"]]  # the search that led here
    view = index.read_article(current_index(), doc_id, words)
    if view is None:
        abort(404, f"no article with id {doc_id!r}")
    article = view.article
    permalink = url_for("search.document_page", doc_id=doc_id, _external=True)
    citation = {"text": citation_text(article, permalink), "csl": csl_json(article, permalink)}
    if request.path.startswith("/api/"):
        copies = [
            {"id": c.doc_id, "title": c.title, "source": c.source, "published": c.published and c.published.isoformat()}
            for c in view.copies
        ]
        return jsonify({**article.to_dict(), "permalink": permalink, "citation": citation, "copies": copies})
    return render_template("document.html", view=view, article=article, permalink=permalink, citation=citation)


@bp.get("/help")
def help_page():
    return render_template("help.html")


def result_to_dict(result: index.SearchResult) -> dict:
    """Return a search result in the shape of the JSON API."""
    return {
        "total": result.total,
        **({"notice": result.notice} if result.notice else {}),
        "understood": result.understood,
        **({"suggestion": result.suggestion} if result.suggestion else {}),
        "page": result.query.page,
        "per_page": result.query.per_page,
        "results": [
            {
                **{k: v for k, v in hit.article.to_dict().items() if k not in ("text", "paths")},
                "title_html": marked_html(hit.title),
                "snippet": marked_html(hit.snippet),
                "cluster_size": hit.cluster_size,
                "also_published_by": list(hit.other_outlets),
            }
            for hit in result.hits
        ],
        "facets": {
            name: [{**fc.to_dict(), "label": facet_label(name, fc.value)} for fc in counts]
            for name, counts in result.facets.items()
        },
    }


def marked_html(segments) -> Markup:
    """Return segments of text (a snippet, a title) escaped, with the matched words in <mark>."""
    return Markup("").join(Markup("<mark>%s</mark>") % text if matched else escape(text) for text, matched in segments)


ACTOR_TYPE_LABELS = {
    "person": "People", "government": "Governments", "state_forces": "State forces",
    "rebel_group": "Rebel groups", "militia": "Militias", "igo": "International organisations",
    "ngo": "NGOs", "media": "Media", "other_org": "Other organisations",
}  # fmt: skip


ACTOR_TYPE_NAMES = {
    "person": "person", "government": "government", "state_forces": "state forces", "rebel_group": "rebel group",
    "militia": "militia", "igo": "international organisation", "ngo": "NGO", "media": "media",
    "other_org": "organisation",
}  # fmt: skip


def facet_label(facet: str, value: str) -> str:
    """Return what a person reads for a facet value: a country's or language's name."""
    if facet == "actor_type":
        return ACTOR_TYPE_LABELS.get(value, value)
    if facet == "country":
        return LOCALE.territories.get(value, value)
    if facet == "language":
        return LOCALE.languages.get(value, value) if value != "und" else "undetermined"
    if facet == "date" and value != index.UNDATED:
        year, month = value.split("-")
        return f"{calendar.month_abbr[int(month)]} {year}"
    return value


def facet_links(facet: str, counts, query: index.Query, args) -> list[dict]:
    """Return each facet value with its count and the URL that toggles it."""
    param = PARAM_OF_FACET[facet]
    current = urlencode(url_args(args))  # a value not chosen yet adds one pair to the search as it is
    links = []
    for fc in counts:
        selected = fc.value in query.filters.get(facet, ())
        if selected:
            change = {param: fc.value}
            url = "/?" + urlencode(url_args(args, remove=change))
            exclude_url = "/?" + urlencode(url_args(args, remove=change, add={f"-{param}": fc.value}))
        else:
            url, exclude_url = _added(current, param, fc.value), _added(current, f"-{param}", fc.value)
        links.append(
            {
                "value": fc.value,
                "count": fc.count,
                "label": facet_label(facet, fc.value),
                "group": fc.group,
                "selected": selected,
                "url": url,
                "exclude_url": exclude_url,
            }
        )
    return links


def _added(encoded: str, name: str, value: str) -> str:
    return "/?" + "&".join(part for part in (encoded, urlencode({name: value})) if part)


def excluded_links(query: index.Query, args) -> list[dict]:
    """Return each excluded facet value with the URL that takes the exclusion away."""
    links = []
    for facet, values in query.excluded.items():
        param = f"-{PARAM_OF_FACET[facet]}"
        for value in values:
            url = "/?" + urlencode(url_args(args, remove={param: value}))
            links.append({"label": facet_label(facet, value), "url": url})
    return links


def page_url(args, page: int) -> str:
    return "/?" + urlencode(url_args(args, add={"page": str(page)}))


TEMPLATE_FILTERS = {"marked_html": marked_html, "safe_url": safe_url, "actor_type_name": ACTOR_TYPE_NAMES.get}


@bp.app_context_processor
def template_helpers():
    return {
        "facet_links": facet_links,
        "excluded_links": excluded_links,
        "timeline": timeline,
        "page_url": page_url,
        "facet_label": facet_label,
        "url_args": url_args,
    }
