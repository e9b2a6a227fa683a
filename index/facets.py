"""Facet counts: for each facet, how many matching documents carry each value."""

from dataclasses import dataclass

from whoosh.searching import Searcher

from index.schema import ACTOR_TYPE_SEPARATOR


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    group: str = ""  # the actor's type, for the actor facet

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count, **({"type": self.group} if self.group else {})}


def count_values(searcher: Searcher, field: str, matched: set[int]) -> tuple[FacetCount, ...]:
    """Count the documents in `matched` per value of `field`, most frequent first."""
    reader = searcher.reader()
    counts = []
    for term in reader.lexicon(field):
        if not term:
            continue  # an article without the value (no outlet known): not a value to narrow to
        postings = reader.postings(field, term)
        count = sum(1 for docnum in postings.all_ids() if docnum in matched)
        if count:
            group, _, value = term.decode("utf-8").rpartition(ACTOR_TYPE_SEPARATOR)
            counts.append(FacetCount(value, count, group))
    counts.sort(key=lambda facet: (-facet.count, facet.value))
    return tuple(counts)
