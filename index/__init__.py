"""Search core: one schema, one write path, one search function. Knows nothing of Flask."""

from index.articles import ArticleView, read_article
from index.document import ACTOR_TYPES, Actor, Article
from index.errors import IndexMissing, IndexOutdated, QueryError
from index.facets import FacetCount
from index.schema import FACETS, UNDATED
from index.search import SORTS, Hit, Query, SearchResult, all_matches, search
from index.store import (
    WriteCounts,
    add_documents,
    delete_collection,
    get_document,
    list_collections,
    open_index,
    optimize,
)

__all__ = [
    "ACTOR_TYPES",
    "FACETS",
    "SORTS",
    "UNDATED",
    "Actor",
    "Article",
    "ArticleView",
    "FacetCount",
    "Hit",
    "IndexMissing",
    "IndexOutdated",
    "Query",
    "QueryError",
    "SearchResult",
    "WriteCounts",
    "add_documents",
    "all_matches",
    "delete_collection",
    "get_document",
    "list_collections",
    "open_index",
    "optimize",
    "read_article",
    "search",
]
