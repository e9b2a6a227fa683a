"""Lines that are clearly not article text: prompts, captions, share and follow buttons."""

import re
from collections import Counter

# Each pattern matches a whole short line, case-insensitively, after whitespace is collapsed.
LINE_PATTERNS = [
    r"(click|tap) (here )?to (comment|join|subscribe|read more|follow)\.?",
    r".{0,60}\bis now on (telegram|whatsapp|instagram|google news|twitter|x)\b.*",
    r".{0,80}\b(click|tap) here to (join|subscribe|follow|download)\b.*",
    r"(back )?to top",
    r"(representational|representative|file|illustrative|stock) (image|photo|picture|pic)\.?",
    r"(image|photo|picture) (for representation|used for representational purposes?).*",
    r"share (on|via|this|to) \w+( \w+)?",
    r"share( this)?( article| story| post)?:?",
    r"follow us( on \w+)?:?",
    r"advertisements?",
    r"(leave a reply|post comment|\d+ comments?|no comments( yet)?|comments)",
    r"(related|recommended|more) (posts|articles|stories|news):?",
    r"(also read|read more|read also|see also):?",
    r"(subscribe|sign up)( now)?( to| for)? (our|the) newsletter.*",
    r"skip to (main )?content",
]
BOILERPLATE_LINE = re.compile("|".join(f"(?:{p})" for p in LINE_PATTERNS), re.IGNORECASE)
MAX_BOILERPLATE_CHARS = 160


def is_boilerplate(line: str) -> bool:
    """Tell whether a whole line is a prompt, caption or button rather than article text."""
    line = " ".join(line.split())
    return len(line) <= MAX_BOILERPLATE_CHARS and BOILERPLATE_LINE.fullmatch(line) is not None


REPEATED_MIN_DOCUMENTS = 3  # a line must recur in this many documents ...
REPEATED_MIN_SHARE = 0.02  # ... and in this share of the collection's scrapes ...
REPEATED_MIN_TITLES = 3  # ... under this many different titles (wire copies share theirs) ...
REPEATED_MAX_CHARS = 200  # ... and be short: a site's prompt, not a paragraph of a story


def repeated_lines(documents) -> frozenset[str]:
    """Return the lines that recur across many different documents: the site's own boilerplate.

    `documents` yields (title, lines) pairs, lines normalised as the cleaner normalises them.
    """
    documents_with = Counter()
    titles_with: dict[str, set[str]] = {}
    count = 0
    for title, lines in documents:
        count += 1
        for line in set(lines):
            if len(line) <= REPEATED_MAX_CHARS:
                documents_with[line] += 1
                titles = titles_with.setdefault(line, set())
                if len(titles) < REPEATED_MIN_TITLES:
                    titles.add(title)
    needed = max(REPEATED_MIN_DOCUMENTS, REPEATED_MIN_SHARE * count)
    return frozenset(
        line for line, n in documents_with.items() if n >= needed and len(titles_with[line]) >= REPEATED_MIN_TITLES
    )
