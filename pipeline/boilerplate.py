"""Lines that are clearly not article text: prompts, captions, share and follow buttons."""

import re

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
