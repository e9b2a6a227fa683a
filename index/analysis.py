"""How text becomes searchable words: exact words for phrases, stems in the article's language.

Every article is indexed twice: its exact words (lower-cased, accents folded) in `title` and
`body`, and the stems of its language's Snowball stemmer in `stem_<language>`. A word query
searches both, so `attacks` finds "attacked"; a "quoted phrase" searches only the exact words,
so `"attacks"` does not.
"""

import re
from collections import Counter, defaultdict
from functools import cache, lru_cache

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang import has_stemmer, languages, stemmer_for_language
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

STEM_CACHE = 100_000  # (language, word) pairs whose folded stems are remembered, most recent kept


class FoldedAccents(CharsetFilter):
    """Accents folded ("é" -> "e"); a plain ASCII word, most words, is passed on untouched."""

    def __init__(self):
        super().__init__(accent_map)

    def __call__(self, tokens):
        for token in tokens:
            token.text = folded(token.text)
            yield token


# Words of any script, lower-cased and accent-folded: "Pashinyan" finds "PASHINYAN".
WORD = r"\w+(\.?\w+)*"  # Whoosh's default: "U.S." and "3.5" are one word
WORDS = re.compile(r"\w+(?:\.?\w+)*")  # the same, without a group: findall() gives whole words
EXACT_WORDS = RegexTokenizer(WORD) | LowercaseFilter() | FoldedAccents()
STEMMED_LANGUAGES = tuple(code for code in languages if has_stemmer(code))
STEM_FIELDS = frozenset(f"stem_{code}" for code in STEMMED_LANGUAGES)


def stemmed_words(language: str):
    """Return the analyzer of one language's stems (no stop words: every word stays findable)."""
    # Stems first, accents after: the stemmers know their own language's accents.
    return RegexTokenizer(WORD) | LowercaseFilter() | StemFilter(lang=language) | FoldedAccents()


def stem_field(language: str) -> str | None:
    """Return the name of the field holding stems of `language`, or None if it has no stemmer."""
    field = f"stem_{language}"
    return field if field in STEM_FIELDS else None


class Words(TEXT):
    """A text field of exact words (or, given a language, its stems) that indexes fast.

    It yields the very terms, counts and positions its analyzer would (tests compare them),
    but from one regular expression and a dictionary instead of a token object for every
    word, and stems each distinct word once: Whoosh's analyzer was a third of an import's
    writing time. Searches analyse their words with the analyzer, as before.

    An index stores its schema pickled, so this class's module and name are in every index
    built since: moving or renaming it makes them unreadable.
    """

    def __init__(self, language: str | None = None, **kwargs):
        super().__init__(analyzer=stemmed_words(language) if language else EXACT_WORDS, **kwargs)
        self.language = language

    def index(self, value, **kwargs):
        if not isinstance(value, str):  # Whoosh also takes a list of strings
            return super().index(value, **kwargs)
        words = [word.lower() for word in WORDS.findall(value)]
        if self.language:
            stems = {word: folded_stem(self.language, word) for word in set(words)}
        else:
            stems = {word: folded(word) for word in set(words)}
        boost = self.format.field_boost
        if isinstance(self.format, Positions):
            positions = defaultdict(list)
            for position, word in enumerate(words):
                positions[stems[word]].append(position)
            encode = self.format.encode
            return [(term.encode(), len(at), len(at) * boost, encode(at)) for term, at in positions.items()]
        counts = Counter(stems[word] for word in words)
        return [(term.encode(), n, n * boost, pack_uint(n)) for term, n in counts.items()]


def folded(word: str) -> str:
    """The word with its accents folded, as indexed ("é" -> "e")."""
    # A plain ASCII word needs no folding, and isascii() is far cheaper than translate().
    return word if word.isascii() else word.translate(accent_map)


@lru_cache(STEM_CACHE)
def folded_stem(language: str, word: str) -> str:
    """The stem of a lower-cased word in `language`, accents folded, as the stem fields hold it."""
    return folded(_stemmer(language)(word))


@cache
def _stemmer(language: str):
    return stemmer_for_language(language)  # a new stemmer object on every call of Whoosh's
