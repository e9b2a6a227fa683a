"""Actor facet: the people, governments, armed forces, armed groups and organisations a story names.

Each actor has a canonical name and an ACLED-like type: person (with a role where stated),
government, state_forces, rebel_group, militia, igo, ngo, media, other_org. A transparent
extractor, no model: every actor comes from one of these rules, in this order.

1. Known organisations and armed groups, by any of their aliases (`organisations.tsv`).
2. A country's forces or ministries: "Azerbaijani forces", "Armenia's Foreign Ministry".
3. People after a title or role ("President Ilham Aliyev", "spokesperson Vagram Pogosyan",
   `roles.tsv`), or whose first word is a common first name ("Nikol Pashinyan").
4. A later surname alone ("Aliyev") is the same person as the full name.

Countries named as such ("U.S.", "Russia") belong to the country facet, never to this one.
Pronouns, titles alone, months, days and other capitalised words that start a sentence are
never actors. `tag_actors` is the one entry point: a model could replace the rules behind it.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from index import Actor
from pipeline.countries import COMPANY_WORDS, Place, english_name, place_matcher, place_mentions
from pipeline.first_names import first_names
from pipeline.lists import rows
from pipeline.matching import PhraseMatcher

NAME_WORD = re.compile(
    r"(?:[A-Z]\.\s+)?(?:al-|el-|bin |ibn |de |van |von |da |di |du |le |la |der )?[A-ZÀ-ÞĀ-ŽА-ЯЁ][\w'’-]*"
)  # an optional middle initial ("Gerald E. Corrigan"), a particle, a capitalised word
MAX_NAME_WORDS = 4
# Words that end the name of an organisation, never a person's: "Savings and Loan Association".
ORGANISATION_WORDS = {
    "Association", "League", "Party", "Hotel", "Hotels", "Center", "Centre", "Hospital", "Hospitals",
    "Restaurant", "Commission", "Committee", "Council", "Department", "Ministry", "Index", "Monitor",
    "Worldwide", "Management", "Computer", "Pharmaceuticals", "Products", "Savings", "University",
    "Institute", "Foundation", "Agency", "Authority", "Office", "Bureau", "Court", "Parliament", "Assembly",
    "Army", "Forces", "Brigade", "Brigades", "Front", "Movement", "Union", "Organisation", "Organization",
    "Airport", "Street", "Square", "Avenue", "Road", "Bridge", "Island", "Islands", "River", "Valley",
}  # fmt: skip
# A country's armed forces, after its demonym ("Azerbaijani forces") or before it ("armée russe").
FORCES_AFTER = {"army", "forces", "military", "troops", "soldiers", "armed forces", "navy", "air force", "Army"}
FORCES_BEFORE = {"armée", "forces", "troupes", "ejército", "fuerzas", "tropas", "militares", "soldats", "soldados"}
MINISTRY_TOPICS = {
    "Defense": "Defence", "Defence": "Defence", "Foreign": "Foreign Affairs", "Foreign Affairs": "Foreign Affairs",
    "External Affairs": "External Affairs", "Interior": "Interior", "Home": "Interior", "Finance": "Finance",
    "Health": "Health", "Justice": "Justice", "Information": "Information", "Economy": "Economy",
    "Trade": "Trade", "Energy": "Energy", "Agriculture": "Agriculture", "Oil": "Oil",
}  # fmt: skip
MINISTRY = re.compile(
    r"(?:’s|'s)?\s*(?:(?P<before>" + "|".join(MINISTRY_TOPICS) + r")\s+Ministry"
    r"|Ministry\s+of\s+(?:the\s+)?(?P<after>" + "|".join(MINISTRY_TOPICS) + r"))"
)
# Arabic letters only: the Arabic comma (،) ends a name.
ARABIC_WORD = r"[\u0621-\u064a\u066e-\u06d3]+"
# Arabic words that follow a title but are not part of the name ("said", "that", "in", "with what").
ARABIC_NOT_NAMES = {
    "إن", "أن", "في", "على", "من", "إلى", "عن", "مع", "قال", "قالت", "يوم", "الذي", "التي", "و", "بما", "كما",
    "بعد", "قبل", "خلال", "حيث", "بينما", "أمس", "اليوم", "الخميس", "الجمعة", "السبت", "الأحد", "الاثنين",
    "الثلاثاء", "الأربعاء", "لدى", "عند", "إنه", "إنها", "أنه", "أنها",
}  # fmt: skip
NEVER_NAMES = {
    # pronouns, articles and other words that are capitalised only because a sentence starts
    "I", "He", "She", "It", "We", "They", "You", "His", "Her", "Its", "Our", "Their", "The", "A", "An",
    "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "If", "When", "While", "As",
    "In", "On", "At", "For", "From", "With", "By", "Of", "To", "After", "Before", "Since", "During",
    "Mr", "Mrs", "Ms", "Dr", "Sir", "Le", "La", "Les", "El", "Los", "Las", "Der", "Die", "Das", "Il",
    "Vice", "Deputy", "Acting", "Former", "Chief", "Senior", "Assistant", "Then", "Now", "Also", "Only",
    "Jr", "Sr", "Secretary", "President", "Minister", "Chairman", "Director", "Governor", "General",
    # the first words of place names ("San Francisco", "New Delhi", "Lake Chad")
    "San", "Santa", "Santo", "São", "Saint", "St", "Fort", "Port", "Lake", "Mount", "Cape", "New", "North",
    "South", "East", "West", "Upper", "Lower", "Greater", "Central",
    # months and days
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip


@dataclass(frozen=True)
class Organisation:
    name: str
    type: str


@dataclass(frozen=True)
class Role:
    role: str


def tag_actors(title: str, text: str) -> tuple[Actor, ...]:
    """Return the actors a story names, each once under its canonical name, in order of mention."""
    found: list[tuple[int, Actor]] = []
    for part_start, part in ((0, title), (len(title) + 1, text)):
        organisations = _organisation_matcher().find(part)
        inside_an_organisation = {i for m in organisations for i in range(m.start, m.end)}
        found += [(part_start + m.start, Actor(m.value.name, m.value.type)) for m in organisations]
        found += [(part_start + position, actor) for position, actor in _country_bodies(part)]
        found += [
            (part_start + position, actor)
            for position, actor in _people(part)
            if position not in inside_an_organisation  # "Red Cross" is no Mr Cross
        ]
    return _canonical(found)


def _country_bodies(text: str):
    """Yield a country's armed forces and ministries named through the country or its demonym."""
    for match in place_mentions(text):
        place: Place = match.value
        if not place.code or place.kind not in ("name", "demonym"):
            continue
        after = text[match.end : match.end + 40]
        before = text[max(0, match.start - 20) : match.start]
        next_words = re.match(r"\s+(armed forces|air force|\w+)", after)
        previous_word = re.search(r"(\w+)\s+$", before)
        if (next_words and next_words.group(1) in FORCES_AFTER) or (
            previous_word and previous_word.group(1) in FORCES_BEFORE and place.kind == "demonym"
        ):
            yield (
                match.start,
                Actor(_national_forces().get(place.code, f"{_adjective(place.code)} Armed Forces"), "state_forces"),
            )
        ministry = MINISTRY.match(after)
        if ministry:
            topic = MINISTRY_TOPICS[ministry.group("before") or ministry.group("after")]
            yield match.start, Actor(f"Ministry of {topic} of {english_name(place.code)}", "government")


def _people(text: str):
    """Yield people named after a title or role, or starting with a common first name."""
    taken = set()
    for cue in _role_matcher().find(text):
        name = _name_after(text, cue.end)
        if name:
            start, words = name
            taken.add(start)
            yield start, Actor(" ".join(words), "person", cue.value.role)
    for match in re.finditer(rf"{NAME_WORD.pattern}(?:\s+{NAME_WORD.pattern}){{1,3}}", text):
        words = match.group().split()
        if match.start() in taken or words[0] not in first_names() or words[0] in NEVER_NAMES:
            continue
        words = _name_words(words, text)
        if len(words) >= 2:
            yield match.start(), Actor(" ".join(words), "person")


def _name_after(text: str, position: int) -> tuple[int, list[str]] | None:
    """Return the capitalised name right after a title ("President| Ilham Aliyev"), if any."""
    following = re.match(rf"\.?[ \t]+({NAME_WORD.pattern}(?:\s+{NAME_WORD.pattern}){{0,3}})", text[position:])
    if following:
        words = _name_words(following.group(1).split(), text)
    else:  # Arabic script has no capitals: the words after the title, up to a word that ends the name
        following = re.match(rf"[ \t]+({ARABIC_WORD}(?:[ \t]+{ARABIC_WORD}){{0,2}})", text[position:])
        if not following:
            return None
        words = []
        for word in following.group(1).split():
            if word in ARABIC_NOT_NAMES or _is_known_phrase(word) or _is_known_phrase(word.removeprefix("و")):
                break
            words.append(word)
        if len(words) < 2 or words[0].startswith("ال"):
            return None  # an Arabic name has a given name first: "الخاص" after "envoy" is an adjective
    return (position + following.start(1), words) if words else None


def _name_words(words: list[str], text: str) -> list[str]:
    """Keep the words of a name: stop at a word that is not one (a place, a month, "The").

    A word of an organisation's name ("Securities", "Association") means the capitalised words
    name an organisation, and a single word the text also writes in lower case ("Agreement") is
    a common word: neither is a person.
    """
    kept = []
    for word in words:
        bare = word.strip("’'")
        if re.fullmatch(r"[A-Z]\.?", bare):
            continue  # a middle initial: "Gerald E. Corrigan" is Gerald Corrigan
        if bare in COMPANY_WORDS or bare in ORGANISATION_WORDS:
            return []
        if bare in NEVER_NAMES or (bare.isupper() and len(bare) > 1) or _is_known_phrase(bare):
            break
        kept.append(bare.removesuffix("’s").removesuffix("'s"))
        if len(kept) == MAX_NAME_WORDS:
            break
    if len(kept) == 1 and re.search(rf"\b{re.escape(kept[0].lower())}\b", text):
        return []
    if len(kept) > 1 and any(m.end - m.start > len(kept[0]) for m in place_matcher().find(" ".join(kept))):
        return []  # "Hong Kong", "Costa Rica": a place of several words
    return kept


@lru_cache(maxsize=100_000)
def _is_known_phrase(word: str) -> bool:
    if word.startswith(("al-", "el-")):
        return False  # a family name (al-Sabah), even where it is also a place
    places = [m for m in place_matcher().find(word) if m.value.kind not in ("city", "us_state")]
    return bool(places or _organisation_matcher().find(word) or _role_matcher().find(word))


def _canonical(found: list[tuple[int, Actor]]) -> tuple[Actor, ...]:
    """Merge mentions of one actor: "Aliyev" is "Ilham Aliyev" when the story names him in full."""
    people = [actor for _, actor in found if actor.type == "person"]
    full_names = {}
    for actor in sorted(people, key=lambda a: -len(a.name.split())):
        full_names.setdefault(actor.name.split()[-1], actor)
    ordered: dict[str, Actor] = {}
    for _, actor in sorted(found, key=lambda item: item[0]):
        if actor.type == "person":
            full = full_names[actor.name.split()[-1]]
            role = actor.role or ordered.get(full.name, full).role
            actor = Actor(full.name, "person", role)
        previous = ordered.get(actor.name)
        if previous is None or (not previous.role and actor.role):
            ordered[actor.name] = actor
    return tuple(ordered.values())


def organisation_aliases(name: str) -> tuple[str, ...]:
    """Return a listed organisation's name and aliases ("NATO", "North Atlantic Treaty Organization")."""
    return (name, *_aliases().get(name, ()))


@cache
def _aliases() -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(filter(None, aliases.split("|"))) for name, _kind, _country, aliases in rows("organisations.tsv")
    }


@cache
def _organisation_matcher() -> PhraseMatcher:
    phrases = {}
    for name, kind, _country, aliases in rows("organisations.tsv"):
        for alias in [name, *filter(None, aliases.split("|"))]:
            phrases[alias] = Organisation(name, kind)
    return PhraseMatcher(phrases)


@cache
def _national_forces() -> dict[str, str]:
    """Map a country to the listed name of its armed forces ("MM" -> "Tatmadaw"), where listed."""
    forces = {}
    for name, kind, country, aliases in rows("organisations.tsv"):
        generic = any(re.search(r" (army|military|armed forces|forces)$", a, re.IGNORECASE) for a in aliases.split("|"))
        if kind == "state_forces" and country and generic:
            forces.setdefault(country, name)
    return forces


@cache
def _role_matcher() -> PhraseMatcher:
    phrases = {}
    for role, _language, cues in rows("roles.tsv"):
        for cue in cues.split("|"):
            phrases[cue] = Role(role)
    return PhraseMatcher(phrases)


@cache
def _adjective(code: str) -> str:
    """Return the English adjective of a country ("Azerbaijani"), or its name where none is known."""
    for row_code, language, kind, forms in rows("country_terms.tsv"):
        if row_code == code and language == "en" and kind == "demonym":
            return forms.split("|")[0]
    return english_name(code)
