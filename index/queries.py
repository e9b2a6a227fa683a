"""The user's query text to a Whoosh query, and back to words: how it was read, what was meant.

Words are ANDed; OR, NOT and -word, "phrases", "a b"~5, field:word, word*, word~ and brackets
work. Each word is searched as written (title, body) and as a stem in every language the
archive holds; a "quoted phrase" only as written (index/analysis.py).
"""

import heapq
import re

from whoosh.qparser import (
    AndGroup,
    FuzzyTermPlugin,
    MultifieldParser,
    PhrasePlugin,
    Plugin,
    PrefixPlugin,
    WildcardPlugin,
    syntax,
)
from whoosh.query import And, Every, FuzzyTerm, Not, Or, Phrase, Prefix
from whoosh.searching import Searcher
from whoosh.support.levenshtein import damerau_levenshtein

from index.analysis import EXACT_WORDS, STEM_FIELDS, STEMMED_LANGUAGES, stem_field
from index.errors import QueryError
from index.schema import EXACT_FIELDS
from index.snippets import MatchedWords

MINUS_WORD = re.compile(r"(^|\s)-(?=[\w\"(])")  # "-russia" means NOT russia; "Nagorno-Karabakh" does not
DANGLING_OPERATOR = re.compile(r"^(?P<operator>AND|OR)\s+|\s+(?P<operator_end>AND|OR|NOT)$")
OPERATORS = frozenset(("AND", "OR", "NOT"))
PLAIN_WORD = re.compile(r"(?<![\w:.*~])\w+(?![\w:*~])")  # not a field name, prefix or fuzzy word
TEXT_FIELDS = frozenset(EXACT_FIELDS) | STEM_FIELDS
MIN_PREFIX = 3  # letters before the * of a prefix
MAX_EXPANSIONS = 200  # words one prefix may stand for, the most frequent kept
SHORT_PREFIX = re.compile(rf"(?:^|[\s(:\"])[^\s(:\"*]{{0,{MIN_PREFIX - 1}}}\*")  # "a*", "*", "title:ab*"
SUGGESTION_CANDIDATES = 10  # the most frequent words near a misspelling, of which the nearest is taken


def parse_text(searcher: Searcher, text: str) -> tuple[object, str]:
    """Parse the user's query text, and say how a malformed one was read; an empty one matches all.

    The searcher is the one the query will run on: it tells which languages the archive holds.
    """
    text, notice = text.strip(), ""
    dangling = DANGLING_OPERATOR.search(text)
    if dangling:
        text = DANGLING_OPERATOR.sub("", text).strip()
        operator = dangling.group("operator") or dangling.group("operator_end")
        notice = f"ignored the {operator} that had nothing to join"
    if not text:
        return Every(), notice
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes in the query: close the phrase with a second "')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise QueryError("unbalanced brackets in the query: every ( needs a matching )")
    short = SHORT_PREFIX.search(text)
    if short:
        prefix = short.group().strip(' ("')
        raise QueryError(f"'{prefix}' is too short: a prefix needs at least {MIN_PREFIX} letters before the *")
    parser = MultifieldParser(_searched_fields(searcher), searcher.schema, group=AndGroup)
    # Prefixes only (word*), no other wildcards: *a* would read every word of the archive.
    parser.remove_plugin_class(WildcardPlugin)
    parser.add_plugins([BoundedPrefixPlugin(), FuzzyTermPlugin(), ExactPhrasePlugin()])
    return parser.parse(MINUS_WORD.sub(r"\1NOT ", text)), notice


def _searched_fields(searcher: Searcher) -> tuple[str, ...]:
    """The exact-word fields, and the stem fields of the languages the archive holds."""
    held = {code.decode() for code in searcher.reader().lexicon("language")}
    return EXACT_FIELDS + tuple(stem_field(code) for code in STEMMED_LANGUAGES if code in held)


class BoundedPrefix(Prefix):
    """word*: the MAX_EXPANSIONS most frequent words starting so, not the thousands a short one has."""

    def _btexts(self, ixreader):
        words = ixreader.expand_prefix(self.fieldname, self.text)
        return heapq.nlargest(MAX_EXPANSIONS, words, key=lambda word: ixreader.doc_frequency(self.fieldname, word))


class BoundedPrefixPlugin(PrefixPlugin):
    class PrefixNode(PrefixPlugin.PrefixNode):
        qclass = BoundedPrefix

    nodetype = PrefixNode


class ExactPhrasePlugin(Plugin):
    """Search "quoted phrases" in the exact words only: as stems, "attacks" would find "attacked"."""

    def filters(self, parser):
        return [(self._exact_only, 120)]  # after MultifieldPlugin (110) copied each phrase to every field

    def _exact_only(self, parser, group):
        kept = group.empty_copy()
        for node in group:
            if isinstance(node, syntax.GroupNode):
                kept.append(self._exact_only(parser, node))
            elif not (isinstance(node, PhrasePlugin.PhraseNode) and node.fieldname in STEM_FIELDS):
                kept.append(node)
        return kept


def describe(query) -> str:
    """Say how a parsed query was read, in the user's terms: `siege AND (mariupol OR kharkiv)`."""
    if isinstance(query, Every):
        return "every article"
    if isinstance(query, Not):
        return f"NOT {_part(query.query)}"
    if isinstance(query, (And, Or)):
        words = _words_in_many_fields(query)
        if words:
            return " OR ".join(_leaf(word, fielded=False) for word in words)
        joiner = " AND " if isinstance(query, And) else " OR "
        return joiner.join(_part(q) for q in query.subqueries)
    return _leaf(query, fielded=True)


def _part(query) -> str:
    one_word = len(_words_in_many_fields(query)) == 1
    return f"({describe(query)})" if isinstance(query, (And, Or)) and not one_word else describe(query)


def _words_in_many_fields(query) -> list:
    """The words of an Or the parser made of words searched in each text field (flattened by Whoosh)."""
    if not isinstance(query, Or) or not all(getattr(q, "fieldname", None) in TEXT_FIELDS for q in query.subqueries):
        return []
    return [q for q in query.subqueries if q.fieldname == "body"]


def _leaf(query, fielded: bool) -> str:
    if isinstance(query, Phrase):
        text = '"' + " ".join(query.words) + '"' + (f"~{query.slop}" if query.slop > 1 else "")
    elif isinstance(query, FuzzyTerm):
        text = f"{query.text}~"
    elif isinstance(query, Prefix):
        text = f"{query.text}*"
    else:
        text = str(getattr(query, "text", query))
    field = getattr(query, "fieldname", None)
    return f"{field}:{text}" if fielded and field and field != "body" else text


def query_words(searcher: Searcher, query) -> MatchedWords:
    """The words a parsed query looks for, prefixes and fuzzy words expanded: what to mark in a text."""
    # Leaf by leaf: Whoosh's existing_terms() skips every field but the first it meets.
    reader = searcher.reader()
    return MatchedWords.from_terms(term for leaf in query.leaves() for term in leaf.expanded_terms(reader))


def suggest(searcher: Searcher, text: str) -> str:
    """Return the query with each word the archive lacks replaced by the nearest one it has, or ""."""
    reader, corrector = searcher.reader(), searcher.corrector("body")

    def nearest(match: re.Match) -> str:
        word = match.group()
        folded = next((token.text for token in EXACT_WORDS(word)), "")
        if word in OPERATORS or not folded or reader.frequency("body", folded) or reader.frequency("title", folded):
            return word
        # Only words sharing the first letter are compared: the whole vocabulary would take
        # seconds. Whoosh ranks them by frequency alone; the nearest (a swap counts one) wins.
        found = corrector.suggest(folded, limit=SUGGESTION_CANDIDATES, maxdist=2, prefix=1)
        return min(found, key=lambda candidate: damerau_levenshtein(folded, candidate), default=word)

    suggested = PLAIN_WORD.sub(nearest, text)
    return suggested if suggested != text else ""
