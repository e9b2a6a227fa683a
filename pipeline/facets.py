"""Facet stage: which countries and actors an article names, from the curated lists in data/."""

import re
from collections import Counter
from functools import cache
from pathlib import Path

from index import Actor

DATA = Path(__file__).parent / "data"


def tag_countries(title: str, text: str) -> tuple[str, ...]:
    """Return the ISO codes of the countries named, most often named (title counts double) first."""
    codes, pattern = _countries()
    mentions = Counter()
    for weight, part in ((2, title), (1, text)):
        for match in pattern.finditer(part):
            mentions[codes[match.group(0)]] += weight
    return tuple(code for code, _ in mentions.most_common())


def tag_actors(title: str, text: str) -> tuple[Actor, ...]:
    """Return the listed actors named in the article, in order of first mention."""
    actors, pattern = _actors()
    found = {}
    for match in pattern.finditer(f"{title}\n{text}"):
        actor = actors[match.group(0)]
        found.setdefault(actor.name, actor)
    return tuple(found.values())


@cache
def _countries() -> tuple[dict[str, str], re.Pattern]:
    codes = {}
    for code, aliases in _rows("countries.tsv"):
        codes.update(dict.fromkeys(aliases.split("|"), code))
    return codes, _whole_words(codes)


@cache
def _actors() -> tuple[dict[str, Actor], re.Pattern]:
    actors = {}
    for name, kind, aliases in _rows("actors.tsv"):
        actors.update(dict.fromkeys([name, *filter(None, aliases.split("|"))], Actor(name, kind)))
    return actors, _whole_words(actors)


def _rows(filename: str):
    for line in (DATA / filename).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _whole_words(aliases) -> re.Pattern:
    # Longest alias first, so "South Sudan" wins over "Sudan".
    alternatives = "|".join(re.escape(alias) for alias in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w)")
