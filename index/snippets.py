"""Matched words found again in an article's text: snippets, marked titles, marked paragraphs.

A hit knows which terms it matched, exact words and stems; the stored text is cut into words
the way it was indexed, and every word whose exact form or stem was matched is marked. A
snippet is the one or two stretches of text holding the most of them, however long the text.
"""

from bisect import bisect_right
from dataclasses import dataclass

from index.analysis import STEM_FIELDS, WORDS, folded, folded_stem, stem_field
from index.schema import EXACT_FIELDS

SNIPPET_CHARS = 240  # per passage
SNIPPET_CONTEXT = 80  # characters before a passage's first match
SNIPPET_PASSAGES = 2

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
    spans = _matched_spans(text, language, words) if words else []
    if not spans:
        lead = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(text) > SNIPPET_CHARS else text
        return ((lead + (" …" if len(lead) < len(text) else ""), False),)
    segments = []
    for start, end in sorted(_best_passages(spans, len(text))):
        if segments:
            segments.append((" … ", False))
        start = text.rfind(" ", 0, start) + 1  # whole words at both ends
        end = len(text) if text.find(" ", end) < 0 else text.find(" ", end)
        segments += _cut(text, start, end, [span for span in spans if start <= span[0] and span[1] <= end])
    return tuple(segment for segment in segments if segment[0])


def marked(text: str, language: str, words: MatchedWords) -> Segments:
    """Return the whole of `text` with every matched word marked."""
    return tuple(segment for segment in _cut(text, 0, len(text), _matched_spans(text, language, words)) if segment[0])


def _matched_spans(text: str, language: str, words: MatchedWords) -> list[tuple[int, int]]:
    """Where the matched words are in `text`: each word read as it was indexed (index/analysis.py)."""
    stems = words.stems if stem_field(language) else frozenset()
    spans = []
    for match in WORDS.finditer(text):
        word = match.group().lower()
        if folded(word) in words.exact or (stems and folded_stem(language, word) in stems):
            spans.append(match.span())
    return spans


def _best_passages(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Up to SNIPPET_PASSAGES stretches of SNIPPET_CHARS holding the most matched words, apart."""
    passages, ends = [], [end for _, end in spans]
    for first, (start, _) in enumerate(spans):  # a stretch opening a little before each match
        begin = max(0, min(start - SNIPPET_CONTEXT, length - SNIPPET_CHARS))
        held = bisect_right(ends, begin + SNIPPET_CHARS) - first
        passages.append((-held, begin, begin + SNIPPET_CHARS))
    chosen = []
    for _, begin, end in sorted(passages):  # most matches first, then earliest
        if all(end <= other_begin or begin >= other_end for other_begin, other_end in chosen):
            chosen.append((begin, end))
            if len(chosen) == SNIPPET_PASSAGES:
                break
    return chosen


def _cut(text: str, start: int, end: int, spans) -> list[tuple[str, bool]]:
    """Cut text[start:end] into pieces around the matched spans (in order)."""
    pieces, index = [], start
    for span_start, span_end in spans:
        pieces += [(text[index:span_start], False), (text[span_start:span_end], True)]
        index = span_end
    pieces.append((text[index:end], False))
    return pieces
