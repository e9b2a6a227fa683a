"""The index schema, declared once: templates, facets and tests take field names from here."""

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer
from whoosh.columns import NumericColumn
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Words of any script, lower-cased and accent-folded, no stemming: "Pashinyan" finds "PASHINYAN".
ARTICLE_TEXT = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)

SCHEMA = Schema(
    doc_id=ID(stored=True, unique=True),  # from the canonical URL, else the text
    title=TEXT(stored=True, analyzer=ARTICLE_TEXT, field_boost=2.0),
    body=TEXT(stored=True, analyzer=ARTICLE_TEXT),
    url=STORED,
    source_path=STORED,
    source=ID(stored=True),
    author=STORED,
    collection=ID(stored=True),
    language=ID(stored=True),
    # Undated articles sort as the oldest (0), so "newest first" lists them last.
    published=DATETIME(stored=True, sortable=NumericColumn("Q", default=0)),
    month=ID,  # "2020-10", or "undated": the date facet's buckets
    country=KEYWORD(stored=True, commas=True),  # "AM,AZ": one article, several countries
    actor=KEYWORD(stored=True, commas=True),  # canonical names; types are in `actors`
    actors=STORED,  # [["Ilham Aliyev", "person"], ...]
    imported=DATETIME(stored=True, sortable=True),
    # How each value was obtained, shown on the article page.
    language_confidence=STORED,
    date_source=STORED,
    date_precision=STORED,
    date_note=STORED,
    encoding=STORED,
    extraction_method=STORED,
    fingerprint=STORED,  # hash of the indexed fields: tells an unchanged re-import
)

UNDATED = "undated"
SEARCHED_FIELDS = ("title", "body")
# Request filter name -> index field. Values within one facet are ORed, facets are ANDed.
FACETS = {"country": "country", "actor": "actor", "language": "language", "collection": "collection", "date": "month"}
