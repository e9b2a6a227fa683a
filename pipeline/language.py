"""Language stage: text in, ISO 639-1 code out ("und" when too short or undetectable)."""

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed makes runs repeatable
MIN_LETTERS = 20
MIN_PROBABILITY = 0.80
LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of `text`, or "und" when it is too short or unclear."""
    if len(LETTER.findall(text[:5000])) < MIN_LETTERS:
        return "und"
    try:
        best = detect_langs(text[:5000])[0]
    except LangDetectException:
        return "und"
    if best.prob < MIN_PROBABILITY:
        return "und"
    return best.lang.split("-")[0]  # zh-cn, zh-tw -> zh
