"""Search: a typed Query in, a SearchResult of plain data out, facet counts included."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

import numpy as np
from whoosh.index import Index
from whoosh.query import And, DateRange, Not, NullQuery, Or, Term
from whoosh.searching import Searcher

from index.document import Article
from index.facets import FacetCount, FacetTable, facet_table
from index.postings import Matches
from index.queries import describe, parse_text, query_words, suggest
from index.reading import current_searcher, open_searcher
from index.schema import FACETS
from index.snippets import MatchedWords, Segments, marked, snippet
from index.store import article_from

COPIES_PER_STORY = 4  # how many more results to rank than a page shows, when copies are grouped
SORTS = ("relevance", "newest", "oldest", "imported", "date")  # "date" is newest first, as it always was


@dataclass(frozen=True)
class Query:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values, ORed
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    group: bool = True  # one hit per cluster of wire copies
    cluster: str = ""  # only the copies of one story
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet -> values no hit may have


@dataclass(frozen=True)
class Hit:
    article: Article
    snippet: Segments  # passages of the text with the matched words marked
    title: Segments  # the title, matched words marked
    score: float | None
    cluster_size: int = 1  # copies of this story in the archive, this one included
    other_outlets: tuple[str, ...] = ()  # outlets of the other copies


@dataclass(frozen=True)
class SearchResult:
    query: Query
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetCount, ...]]
    notice: str = ""  # how a malformed query was read
    understood: str = ""  # how the query was read: "siege AND (mariupol OR kharkiv)"
    suggestion: str = ""  # for a query without results: the query spelled with the archive's words

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def search(ix: Index, query: Query) -> SearchResult:
    """Run `query` against the index and return one page of hits with facet counts."""
    searcher = current_searcher(ix)  # once: a second call may replace it after a commit
    text_query, notice = parse_text(searcher, query.text)
    if text_query is NullQuery:  # nothing searchable in the text: "!!!"
        return SearchResult(query, 0, (), {}, notice, "nothing")
    table = facet_table(ix, searcher)
    text, masks = _matches(searcher, table, text_query, query)
    everything = np.logical_and.reduce([text.mask, *masks.values()])
    words = query_words(searcher, text_query)
    if _by_relevance(query):
        hits = _ranked_hits(searcher, table, everything, text.scores, words, query)
    else:
        hits = _ordered_hits(searcher, table, everything, words, query)
    facets = _facet_counts(table, text.mask, masks, by_story=query.group)
    total = table.stories(everything) if query.group else int(everything.sum())
    suggestion = suggest(searcher, query.text) if not total and query.text.strip() else ""
    return SearchResult(query, total, hits, facets, notice, describe(text_query), suggestion)


def _matches(searcher: Searcher, table: FacetTable, text_query, query: Query) -> tuple[Matches, dict[str, np.ndarray]]:
    """The text query's matches with their scores, and each filter's mask by facet name."""
    filters = _filter_queries(query)
    return table.matches(searcher, text_query), {name: table.matches(searcher, q).mask for name, q in filters.items()}


def _ranked_hits(searcher: Searcher, table: FacetTable, everything, scores, words: MatchedWords, query: Query):
    """The page of hits in order of relevance (BM25F), copies of a story grouped under the first."""
    wanted = query.page * query.per_page
    matched = np.flatnonzero(everything)
    limit = wanted * COPIES_PER_STORY if query.group else wanted
    while True:  # rank only the best few; more when copies grouped together leave the page short
        ranked = _best_first(matched, scores, limit)
        if query.group:
            ranked = _first_of_each_story(table, ranked, wanted)
        if len(ranked) >= wanted or limit >= len(matched):
            break
        limit *= COPIES_PER_STORY
    page = ranked[(query.page - 1) * query.per_page : wanted]
    return tuple(_hit(table, int(n), searcher.stored_fields(int(n)), words, float(scores[n])) for n in page)


def _best_first(docnums: np.ndarray, scores: np.ndarray, limit: int) -> np.ndarray:
    """The `limit` best scored of `docnums` (and any tied with the last), best first, ties in index order."""
    if len(docnums) > limit:
        threshold = np.partition(scores[docnums], len(docnums) - limit)[len(docnums) - limit]
        docnums = docnums[scores[docnums] >= threshold]
    return docnums[np.lexsort((docnums, -scores[docnums]))]


def _ordered_hits(searcher: Searcher, table: FacetTable, everything, words: MatchedWords, query: Query) -> tuple:
    """The page of hits in date or import order, sorted with arrays: no document is scored."""
    ordered = table.in_order(everything, query.sort)
    wanted = query.page * query.per_page
    if query.group:
        ordered = _first_of_each_story(table, ordered, wanted)
    page = ordered[(query.page - 1) * query.per_page : wanted]
    return tuple(_hit(table, int(docnum), searcher.stored_fields(int(docnum)), words, None) for docnum in page)


def _first_of_each_story(table: FacetTable, ordered: np.ndarray, wanted: int) -> np.ndarray:
    """The first copy of each story in `ordered`, in that order, at least `wanted` of them if there are."""
    limit = wanted * COPIES_PER_STORY
    while True:  # the first stories of a long list are those of its head
        head = ordered[:limit]
        firsts = head[np.sort(np.unique(table.clusters[head], return_index=True)[1])]
        if len(firsts) >= wanted or limit >= len(ordered):
            return firsts
        limit *= COPIES_PER_STORY


def _by_relevance(query: Query) -> bool:
    return query.sort == "relevance" and bool(query.text.strip())  # no words to rank by: newest first


def all_matches(ix: Index, query: Query) -> Iterator[Article]:
    """Return every article that matches `query`, each copy of a story included, in the query's order.

    For exports and feeds: no page, no limit. A malformed query raises QueryError here, before
    the first article is sent.
    """
    text_query, _ = parse_text(current_searcher(ix), query.text)
    if text_query is NullQuery:
        return iter(())
    return _stream(ix, text_query, query)


def _stream(ix: Index, text_query, query: Query) -> Iterator[Article]:
    # A searcher of its own: a stream outlives its request, and the request's thread-local
    # searcher may be replaced (and closed) when an import commits meanwhile.
    with open_searcher(ix) as searcher:
        table = facet_table(ix, searcher)
        text, masks = _matches(searcher, table, text_query, query)
        everything = np.logical_and.reduce([text.mask, *masks.values()])
        if _by_relevance(query):
            docnums = _best_first(np.flatnonzero(everything), text.scores, len(everything))
        else:
            docnums = table.in_order(everything, query.sort)
        for docnum in docnums:
            yield article_from(searcher.stored_fields(int(docnum)))


def _hit(table: FacetTable, docnum: int, fields: dict, words: MatchedWords, score: float | None) -> Hit:
    article = article_from(fields)
    copies = table.copies(docnum)
    others = copies[copies != docnum]
    outlets = tuple(sorted(set(table.values_of("source", others)) - {article.source})) if len(others) else ()
    title = marked(article.title, article.language, words)
    return Hit(article, snippet(article.text, article.language, words), title, score, len(copies), outlets)


def _filter_queries(query: Query) -> dict[str, object]:
    """Return one Whoosh query per active facet, keyed by facet name."""
    filters = {}
    for facet, values in query.filters.items():
        if values:
            filters[facet] = Or([Term(FACETS[facet].filter_field, value) for value in values])
    for facet, values in query.excluded.items():
        if values:
            filters[f"-{facet}"] = Not(Or([Term(FACETS[facet].filter_field, value) for value in values]))
    if query.cluster:
        filters["cluster"] = Term("cluster_id", query.cluster)
    if query.date_from or query.date_to:
        start = datetime.combine(query.date_from, time.min) if query.date_from else None
        end = datetime.combine(query.date_to, time.max) if query.date_to else None
        within = DateRange("published", start, end)
        # One facet: a range and chosen months (or "undated") both narrow the date.
        filters["date"] = And([filters["date"], within]) if "date" in filters else within
    return filters


def _facet_counts(table: FacetTable, matched, masks: dict, by_story: bool) -> dict[str, tuple[FacetCount, ...]]:
    """Count each facet over the matches of every other filter, so ORed values stay visible.

    Counted as the results are listed (by story when copies are grouped): a value's count is
    the total its link leads to.
    """
    counts = {}
    for name, facet in FACETS.items():
        others = [mask for other, mask in masks.items() if other != name]
        counts[name] = table.counts(facet.count_field, np.logical_and.reduce([matched, *others]), by_story)
    return counts
