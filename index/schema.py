"""The index schema, declared once: templates, facets and tests take field names from here."""

from dataclasses import dataclass

from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, Schema

from index.analysis import STEMMED_LANGUAGES, Words, stem_field


def _datetime(**kwargs) -> DATETIME:
    """A DATETIME field indexed as one term a document, not Whoosh's eight tiers of precision.

    The tiers speed up a range that Whoosh searches itself; our ranges read the column instead
    (index/postings.py), so the tiers were 16 postings an article to write and never read.
    """
    field = DATETIME(**kwargs)
    field.shift_step = 0
    return field


SCHEMA = Schema(
    doc_id=ID(stored=True, unique=True, sortable=True),  # from the canonical URL, else the text
    title=Words(stored=True, field_boost=2.0),
    body=Words(stored=True),
    url=STORED,
    source_path=STORED,  # where the article was first found
    paths=STORED,  # every place the same article was found: copies under other names
    source_keys=KEYWORD(commas=True),  # one hash of (path, content) per place: a resumed import skips these
    source=ID(stored=True),
    author=STORED,
    collection=ID(stored=True),
    language=ID(stored=True),
    # Undated articles sort as the oldest (0), so "newest first" lists them last.
    published=_datetime(stored=True, sortable=NumericColumn("Q", default=0)),
    month=ID,  # "2020-10", or "undated": the date facet's buckets
    country=KEYWORD(stored=True, commas=True),  # "AM,AZ": the countries the story is about
    country_mentioned=KEYWORD(stored=True, commas=True),  # every country it names
    actor=KEYWORD(stored=True, commas=True),  # canonical names
    actor_typed=KEYWORD(commas=True),  # "person|Ilham Aliyev": counts the actor facet by type
    actor_type=KEYWORD(commas=True),  # "person,igo": the kinds of actor the story names
    actors=STORED,  # [["Ilham Aliyev", "person", "head_of_state"], ...]
    imported=_datetime(stored=True, sortable=True),
    # How each value was obtained, shown on the article page.
    language_confidence=STORED,
    date_source=STORED,
    date_precision=STORED,
    date_note=STORED,
    encoding=STORED,
    extraction_method=STORED,
    fingerprint=STORED,  # hash of the indexed fields: tells an unchanged re-import
    cluster_id=ID(stored=True, sortable=True),  # wire copies of one story share it (index/clusters.py)
    signature=COLUMN(VarBytesColumn()),  # the MinHash signature, packed: a column, read without the text
    # Title and text again as stems, in the field of the article's language (index/analysis.py).
    # No positions: phrases search the exact words only, and positions would double the postings.
    **{stem_field(code): Words(language=code, phrase=False) for code in STEMMED_LANGUAGES},
)

UNDATED = "undated"
EXACT_FIELDS = ("title", "body")  # what a "quoted phrase" searches
ACTOR_TYPE_SEPARATOR = "|"


@dataclass(frozen=True)
class Facet:
    filter_field: str  # the field a filter on this facet searches
    count_field: str  # the field whose terms are counted


# Values within one facet are ORed, facets are ANDed.
FACETS = {
    "country": Facet("country", "country"),
    "actor": Facet("actor", "actor_typed"),
    "actor_type": Facet("actor_type", "actor_type"),
    "language": Facet("language", "language"),
    "source": Facet("source", "source"),  # the outlet
    "collection": Facet("collection", "collection"),
    "date": Facet("month", "month"),
}
