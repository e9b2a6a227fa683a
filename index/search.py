"""Search: a typed Query in, a SearchResult of plain data out, facet counts included."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from whoosh import highlight, sorting
from whoosh.index import Index
from whoosh.qparser import AndGroup, FuzzyTermPlugin, MultifieldParser
from whoosh.query import And, DateRange, Every, Not, NullQuery, Or, Term
from whoosh.searching import Searcher

from index.document import Article
from index.errors import QueryError
from index.facets import FacetCount, count_values
from index.reading import current_searcher
from index.schema import FACETS, SEARCHED_FIELDS
from index.store import article_from

SORTS = ("relevance", "newest", "oldest", "date")  # "date" is newest first, as it always was
# Oldest first with the undated last: their date column holds 0, read here as the end of time.
OLDEST_FIRST = sorting.TranslateFacet(lambda value: value or 2**63, sorting.FieldFacet("published"))
MINUS_WORD = re.compile(r"(^|\s)-(?=[\w\"(])")  # "-russia" means NOT russia; "Nagorno-Karabakh" does not
DANGLING_OPERATOR = re.compile(r"^(?P<operator>AND|OR)\s+|\s+(?P<operator_end>AND|OR|NOT)$")
SNIPPET_CHARS = 240

# A snippet leaves the core as segments, [("talks in ", False), ("Khartoum", True)]:
# the caller decides how to mark matches, and escapes the text.
Segments = tuple[tuple[str, bool], ...]


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
    snippet: Segments
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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


def search(ix: Index, query: Query) -> SearchResult:
    """Run `query` against the index and return one page of hits with facet counts."""
    searcher = current_searcher(ix)
    text_query, notice = parse_text(ix, query.text)
    if text_query is NullQuery:
        return SearchResult(query, 0, (), {}, notice)
    filters = _filter_queries(query)
    combined = _all_of([text_query, *filters.values()])
    oldest = query.sort == "oldest"
    by_date = query.sort in ("date", "newest") or (not query.text.strip() and not oldest)
    grouping = {"collapse": "cluster_id", "collapse_limit": 1} if query.group else {}
    results = searcher.search(
        combined,
        limit=query.page * query.per_page,
        sortedby=OLDEST_FIRST if oldest else "published" if by_date else None,
        reverse=by_date,
        terms=True,
        **grouping,
    )
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80, charlimit=None)
    results.formatter = SegmentFormatter()
    page = results[(query.page - 1) * query.per_page : query.page * query.per_page]
    hits = tuple(_hit(searcher, hit) for hit in page)
    facets = _facet_counts(searcher, text_query, filters)
    total = _cluster_count(searcher, combined) if query.group else len(results)
    return SearchResult(query, total, hits, facets, notice)


def _hit(searcher: Searcher, hit) -> Hit:
    article = article_from(hit.fields())
    copies = [searcher.stored_fields(n) for n in searcher.docs_for_query(Term("cluster_id", article.cluster_id))]
    outlets = tuple(sorted({c.get("source") or "" for c in copies if c["doc_id"] != article.doc_id} - {""}))
    return Hit(article, _snippet(hit), hit.score, max(1, len(copies)), outlets)


def _cluster_count(searcher: Searcher, query) -> int:
    """Count the clusters among the matching documents: the results as listed, one per story."""
    reader = searcher.reader()
    if not reader.has_column("cluster_id"):
        return 0  # an empty index
    clusters = reader.column_reader("cluster_id")
    return len({clusters[docnum] for docnum in searcher.docs_for_query(query)})


def parse_text(ix: Index, text: str) -> tuple[object, str]:
    """Parse the user's query text, and say how a malformed one was read; an empty one matches all.

    Words are ANDed; OR, NOT and -word, "phrases", "a b"~5, field:word, word* and word~ work.
    """
    text, notice = text.strip(), ""
    dangling = DANGLING_OPERATOR.search(text)
    if dangling:
        text = DANGLING_OPERATOR.sub("", text).strip()
        operator = dangling.group("operator") or dangling.group("operator_end")
        notice = f"ignored the {operator} that had nothing to join"
    if not text:
        return Every(), notice
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes in the query: close the phrase with a second "')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise QueryError("unbalanced brackets in the query: every ( needs a matching )")
    parser = MultifieldParser(SEARCHED_FIELDS, ix.schema, group=AndGroup)
    parser.add_plugin(FuzzyTermPlugin())
    return parser.parse(MINUS_WORD.sub(r"\1NOT ", text)), notice


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
        filters["date"] = DateRange("published", start, end)
    return filters


def _all_of(queries: list):
    """AND the queries together; Every() adds nothing (and Whoosh's normalize would let it win)."""
    queries = [q for q in queries if not isinstance(q, Every)]
    if all(isinstance(q, Not) for q in queries):
        queries = [Every(), *queries]  # "NOT x" alone: every document but those
    return queries[0] if len(queries) == 1 else And(queries)


def _facet_counts(searcher: Searcher, text_query, filters: dict) -> dict[str, tuple[FacetCount, ...]]:
    """Count each facet over the matches of every other filter, so ORed values stay visible."""
    counts = {}
    for name, facet in FACETS.items():
        others = [q for other, q in filters.items() if other != name]
        matched = set(searcher.docs_for_query(_all_of([text_query, *others])))
        counts[name] = count_values(searcher, facet.count_field, matched)
    return counts


def _snippet(hit) -> Segments:
    segments = hit.highlights("body", top=2) if hit.results.has_matched_terms() else ()
    if segments:
        return segments
    text = hit["body"]
    lead = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(text) > SNIPPET_CHARS else text
    return ((lead + (" …" if len(lead) < len(text) else ""), False),)


class SegmentFormatter(highlight.Formatter):
    """Format highlighted fragments as segments instead of markup."""

    between = " … "

    def format(self, fragments, replace=False) -> Segments:
        segments = []
        for number, fragment in enumerate(fragments):
            if number:
                segments.append((self.between, False))
            text, index = fragment.text, fragment.startchar
            for token in sorted(fragment.matches, key=lambda t: t.startchar):
                if token.startchar < index:
                    continue
                segments.append((text[index : token.startchar], False))
                segments.append((text[token.startchar : token.endchar], True))
                index = token.endchar
            segments.append((text[index : fragment.endchar], False))
        return tuple(s for s in segments if s[0])
