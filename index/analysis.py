"""How text becomes searchable words: exact words for phrases, stems in the article's language.

Every article is indexed twice: its exact words (lower-cased, accents folded) in `title` and
`body`, and the stems of its language's Snowball stemmer in `stem_<language>`. A word query
searches both, so `attacks` finds "attacked"; a "quoted phrase" searches only the exact words,
so `"attacks"` does not.
"""

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.lang import has_stemmer, languages
from whoosh.support.charset import accent_map


class FoldedAccents(CharsetFilter):
    """Accents folded ("é" -> "e"); a plain ASCII word, most words, is passed on untouched."""

    def __init__(self):
        super().__init__(accent_map)

    def __call__(self, tokens):
        for token in tokens:
            if not token.text.isascii():  # far cheaper than translate(), which looks up every letter
                token.text = token.text.translate(self.charmap)
            yield token


# Words of any script, lower-cased and accent-folded: "Pashinyan" finds "PASHINYAN".
WORD = r"\w+(\.?\w+)*"  # Whoosh's default: "U.S." and "3.5" are one word
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
