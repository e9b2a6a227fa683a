"""Language stage: text in, ISO 639-1 code and a confidence out ("und" when unclear).

py3langid, limited to the languages langdetect knows, is the first opinion: measured on
../shared/data/language it is the more accurate and far faster one (bench/quality.py). langdetect
(seeded, so runs repeat) is asked when py3langid is unsure, and the page's own declaration
settles a disagreement between the two.
"""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import langdetect
from langdetect import DetectorFactory, LangDetectException, detect_langs
from py3langid.langid import MODEL_FILE, LanguageIdentifier

DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed makes runs repeatable
MIN_LETTERS = 4  # fewer letters than this is no evidence of a language
SURE = 0.5  # py3langid probability above which langdetect is not asked
FULL_CONFIDENCE_LETTERS = 50  # a shorter text's confidence is scaled down: one line proves little
LETTER = re.compile(r"[^\W\d_]")
# One Chinese, Japanese or Korean character says as much as a few Latin letters.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_WEIGHT = 3
# About 80 words. 500, 1,000, 2,000 and 5,000 characters gave the same answers on the shared
# pages and on 3,000 generated ones; each 500 more cost about 0.4 ms an article in an import.
SAMPLE_CHARS = 500


def detect_language(text: str, declared: str | None = None) -> tuple[str, float]:
    """Return the ISO 639-1 code of `text` and a confidence from 0 to 1, or ("und", 0.0)."""
    sample = text[:SAMPLE_CHARS]
    letters = len(LETTER.findall(sample)) + (CJK_WEIGHT - 1) * len(CJK.findall(sample))
    if letters < MIN_LETTERS:
        return "und", 0.0
    code, probability = _best_guess(sample, declared)
    if code is None:
        return "und", 0.0
    return code, round(probability * min(1.0, letters / FULL_CONFIDENCE_LETTERS), 3)


def _best_guess(sample: str, declared: str | None) -> tuple[str | None, float]:
    code, probability = _identifier().classify(sample)
    probability = float(probability)
    if probability >= SURE:
        return code, probability
    if "\n\n" in sample:  # a mixed text: the language of its longest part
        code, probability = _longest_part(sample)
        if probability >= SURE:
            return code, probability
    second, second_probability = _langdetect(sample)
    if second == code:
        return code, max(probability, second_probability)
    if declared in (code, second):
        return declared, probability if declared == code else second_probability
    if max(probability, second_probability) < 0.5:
        return None, 0.0  # two detectors, two weak and different guesses: say so
    return (code, probability) if probability >= second_probability else (second, second_probability)


def _longest_part(sample: str) -> tuple[str, float]:
    """Return the language most of the text's paragraphs are in, and the share they hold."""
    chars_by_language = Counter()
    for paragraph in sample.split("\n\n"):
        if paragraph.strip():
            chars_by_language[_identifier().classify(paragraph)[0]] += len(paragraph)
    code, chars = chars_by_language.most_common(1)[0]
    return code, chars / sum(chars_by_language.values())


def supported_languages() -> tuple[str, ...]:
    """Return the codes this stage can answer: langdetect's languages, zh-cn/zh-tw as zh."""
    profiles = Path(langdetect.__file__).parent / "profiles"
    return tuple(sorted({name.split("-")[0] for name in (p.name for p in profiles.iterdir())}))


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in supported_languages() if code in identifier.nb_classes])
    return identifier


def _langdetect(text: str) -> tuple[str | None, float]:
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None, 0.0
    return best.lang.split("-")[0], round(best.prob, 3)
