"""Find known phrases in text, longest first, by whole words: the gazetteer lookup of the tagger.

Phrases and text are compared as sequences of word tokens, so punctuation inside a phrase does
not matter ("U.S." is U + S, "Guinea-Bissau" is Guinea + Bissau). A phrase ending in `*` matches
any word starting with it, for languages that inflect names (`Армени*` finds Армении). Matching is
case-sensitive, except that words in capitals (wire headlines, datelines) are also tried in title
case.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\w+")
STEM_PREFIX = 4  # stems are filed under their first letters
ARABIC_PROCLITICS = ("و", "ب", "ل", "ف", "ك")  # "and", "in", "for"... written onto the next word
VALUE = object()  # marks the end of a phrase in the trie
KNOWN_WORDS = 200_000  # words remembered as starting a phrase or not; forgotten all at once past this


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
        # Most words start no phrase, and a collection uses the same words again and again: each
        # word is judged once, and a text's words are sorted by set operations, not one by one.
        self._starting: set[str] = set()
        self._not_starting: set[str] = set()
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
        tokens, words = _tokenized(text)
        starters = self._starters(set(words))
        matches, free_from = [], 0
        for i in [i for i, word in enumerate(words) if word in starters]:
            if i < free_from:  # inside the phrase found before
                continue
            found = self._longest_at(words, i)
            if found:
                length, value = found
                start, end = tokens[i].start(), tokens[i + length - 1].end()
                matches.append(Match(start, end, value, text[start:end]))
                free_from = i + length
        return matches

    def _starters(self, words: set[str]) -> set[str]:
        """Return those of `words` that may start a phrase."""
        if len(self._starting) + len(self._not_starting) > KNOWN_WORDS:
            self._starting.clear()
            self._not_starting.clear()
        starters = words & self._starting
        for word in words - starters - self._not_starting:
            if self._may_start(word):
                self._starting.add(word)
                starters.add(word)
            else:
                self._not_starting.add(word)
        return starters

    def _may_start(self, word: str) -> bool:
        return (
            word in self.trie
            or word[:STEM_PREFIX] in self.stems
            or word[1 : STEM_PREFIX + 1] in self.stems
            or (len(word) > 2 and word.isupper())
        )

    def _longest_at(self, words: list[str], i: int) -> tuple[int, object] | None:
        nodes = [self.trie[s] for s in _as_written(words[i]) if s in self.trie]
        best = None
        length = 1
        while nodes:
            found = next((node[VALUE] for node in nodes if VALUE in node), None)
            if found is not None:
                best = (length, found)
            if i + length >= len(words):
                break
            nodes = [node[s] for node in nodes for s in _as_written(words[i + length]) if s in node]
            length += 1
        if best or not self.stems:
            return best
        for spelling in _as_written(words[i]):
            value = self._stem_value(spelling)
            if value is not None:
                return 1, value
        return None

    def _stem_value(self, word: str) -> object | None:
        value = self._stem_of(word)
        if value is None and word[:1] in ARABIC_PROCLITICS:
            value = self._stem_of(word[1:])
        return value

    def _stem_of(self, word: str) -> object | None:
        for stem, value in self.stems.get(word[:STEM_PREFIX], ()):
            if word.startswith(stem):
                return value
        return None


@lru_cache(maxsize=8)
def _tokenized(text: str) -> tuple[list[re.Match], list[str]]:
    """Return the word tokens of a text and their words: the taggers look one text up many times."""
    tokens = list(WORD.finditer(text))
    return tokens, [token.group() for token in tokens]


def _as_written(word: str) -> tuple[str, ...]:
    """Return the spellings to try for a word: as written, and a word in capitals in title case."""
    if len(word) > 2 and word.isupper():  # "TOKYO, March 3 -", "ARGENTINE GRAIN EXPORTS"
        return (word, word.title())
    return (word,)
