"""Matched words found again in an article's text: snippets, marked titles, marked paragraphs.

A hit knows which terms it matched, exact words and stems; the stored text is tokenised again
the way it was indexed, and every word whose exact form or stem was matched is marked.
"""

from dataclasses import dataclass
from functools import lru_cache

from whoosh import highlight
from whoosh.lang import stemmer_for_language
from whoosh.support.charset import accent_map

from index.analysis import EXACT_WORDS, STEM_FIELDS, stem_field
from index.schema import EXACT_FIELDS

SNIPPET_CHARS = 240  # per fragment
SNIPPET_FRAGMENTS = 2

# Text leaves the core as segments, [("talks in ", False), ("Khartoum", True)]: the caller
# decides how to mark matches, and escapes the text.
Segments = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class MatchedWords:
    exact: frozenset[str] = frozenset()  # as indexed in title and body: lower-case, accents folded
    stems: frozenset[str] = frozenset()  # as indexed in the stem fields

    @classmethod
    def from_terms(cls, terms) -> "MatchedWords":
        """Sort (field, term) pairs of a hit or query into exact words and stems."""
        exact, stems = set(), set()
        for field, term in terms:
            words = exact if field in EXACT_FIELDS else stems if field in STEM_FIELDS else None
            if words is not None:  # other fields hold dates and codes, not words of the text
                words.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return cls(frozenset(exact), frozenset(stems))

    def __bool__(self) -> bool:
        return bool(self.exact or self.stems)


def snippet(text: str, language: str, words: MatchedWords) -> Segments:
    """Return the passages of `text` with the most matched words, or its opening when none match."""
    if words:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80, charlimit=None)
        fragments = fragmenter.fragment_tokens(text, _tokens(text, language, words))
        best = highlight.top_fragments(fragments, SNIPPET_FRAGMENTS, highlight.BasicFragmentScorer(), highlight.FIRST)
        if best:
            return _segments_of(best)
    lead = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(text) > SNIPPET_CHARS else text
    return ((lead + (" …" if len(lead) < len(text) else ""), False),)


def marked(text: str, language: str, words: MatchedWords) -> Segments:
    """Return the whole of `text` with every matched word marked."""
    matches = (token for token in _tokens(text, language, words) if token.matched)
    return tuple(segment for segment in _cut(text, 0, len(text), matches) if segment[0])


def _tokens(text: str, language: str, words: MatchedWords):
    stems = words.stems if stem_field(language) else frozenset()
    for token in EXACT_WORDS(text, chars=True, mode="index"):
        token.matched = token.text in words.exact or (
            bool(stems) and _stem(language, text[token.startchar : token.endchar].lower()) in stems
        )
        yield token


@lru_cache(maxsize=100_000)
def _stem(language: str, word: str) -> str:
    return stemmer_for_language(language)(word).translate(accent_map)


def _segments_of(fragments) -> Segments:
    segments = []
    for number, fragment in enumerate(fragments):
        if number:
            segments.append((" … ", False))
        matches = sorted(fragment.matches, key=lambda token: token.startchar)
        segments += _cut(fragment.text, fragment.startchar, fragment.endchar, matches)
    return tuple(segment for segment in segments if segment[0])


def _cut(text: str, start: int, end: int, matches) -> list[tuple[str, bool]]:
    """Cut text[start:end] into pieces around the matched tokens (in order; overlaps skipped)."""
    pieces, index = [], start
    for token in matches:
        if token.startchar < index:
            continue
        pieces += [(text[index : token.startchar], False), (text[token.startchar : token.endchar], True)]
        index = token.endchar
    pieces.append((text[index:end], False))
    return pieces
