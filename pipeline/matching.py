"""Find known phrases in text, longest first, by whole words: the gazetteer lookup of the tagger.

Phrases and text are compared as sequences of word tokens, so punctuation inside a phrase does
not matter ("U.S." is U + S, "Guinea-Bissau" is Guinea + Bissau). A phrase ending in `*` matches
any word starting with it, for languages that inflect names (`Армени*` finds Армении). Matching is
case-sensitive, except that words in capitals (wire headlines, datelines) are also tried in title
case.
"""

import re
from dataclasses import dataclass

WORD = re.compile(r"\w+")
STEM_PREFIX = 4  # stems are filed under their first letters
ARABIC_PROCLITICS = ("و", "ب", "ل", "ف", "ك")  # "and", "in", "for"... written onto the next word
VALUE = object()  # marks the end of a phrase in the trie


@dataclass(frozen=True)
class Match:
    start: int  # character offsets in the text
    end: int
    value: object  # what the phrase stands for
    surface: str  # the text as written


class PhraseMatcher:
    """Look up many phrases at once in a text."""

    def __init__(self, phrases: dict[str, object]):
        self.trie: dict = {}  # word -> {word -> ... , VALUE: value}
        self.stems: dict[str, list[tuple[str, object]]] = {}
        for phrase, value in phrases.items():
            if phrase.endswith("*") and " " not in phrase:
                stem = phrase[:-1]
                self.stems.setdefault(stem[:STEM_PREFIX], []).append((stem, value))
                continue
            words = WORD.findall(phrase)
            if words:
                node = self.trie
                for word in words:
                    node = node.setdefault(word, {})
                node[VALUE] = value

    def find(self, text: str) -> list[Match]:
        """Return every known phrase in `text`, longest first where phrases overlap."""
        tokens = list(WORD.finditer(text))
        words = [_as_written(t.group()) for t in tokens]
        matches, i = [], 0
        while i < len(tokens):
            found = self._longest_at(words, i)
            if found:
                length, value = found
                start, end = tokens[i].start(), tokens[i + length - 1].end()
                matches.append(Match(start, end, value, text[start:end]))
                i += length
            else:
                i += 1
        return matches

    def _longest_at(self, words: list[tuple[str, ...]], i: int) -> tuple[int, object] | None:
        best = None
        nodes = [self.trie]
        for length in range(1, len(words) - i + 1):
            nodes = [node[s] for node in nodes for s in words[i + length - 1] if s in node]
            if not nodes:
                break
            for node in nodes:
                if VALUE in node:
                    best = (length, node[VALUE])
                    break
        if best:
            return best
        for spelling in words[i]:
            value = self._stem_value(spelling)
            if value is not None:
                return 1, value
        return None

    def _stem_value(self, word: str) -> object | None:
        for candidate in (word, *(word[1:] for p in ARABIC_PROCLITICS if word.startswith(p))):
            for stem, value in self.stems.get(candidate[:STEM_PREFIX], ()):
                if candidate.startswith(stem):
                    return value
        return None


def _as_written(word: str) -> tuple[str, ...]:
    """Return the spellings to try for a word: as written, and a word in capitals in title case."""
    if len(word) > 2 and word.isupper():  # "TOKYO, March 3 -", "ARGENTINE GRAIN EXPORTS"
        return (word, word.title())
    return (word,)
