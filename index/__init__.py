"""Search core: one schema, one write path, one search function. Knows nothing of Flask."""

from index.document import ACTOR_TYPES, Actor, Article
from index.errors import IndexMissing, IndexOutdated, QueryError
from index.facets import FacetCount
from index.schema import FACETS, UNDATED
from index.search import SORTS, Hit, Query, SearchResult, search
from index.store import WriteCounts, add_documents, delete_collection, get_document, list_collections, open_index

__all__ = [
    "ACTOR_TYPES",
    "FACETS",
    "SORTS",
    "UNDATED",
    "Actor",
    "Article",
    "FacetCount",
    "Hit",
    "IndexMissing",
    "IndexOutdated",
    "Query",
    "QueryError",
    "SearchResult",
    "WriteCounts",
    "add_documents",
    "delete_collection",
    "get_document",
    "list_collections",
    "open_index",
    "search",
]
