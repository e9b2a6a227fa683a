import pytest

from pipeline.language import detect_language

SENTENCES = {
    "en": "The ceasefire agreement was signed after six weeks of heavy fighting in the region.",
    "fr": "L'accord de cessez-le-feu a été signé après six semaines de combats intenses dans la région.",
    "ru": "Соглашение о прекращении огня было подписано после шести недель ожесточённых боёв.",
    "ar": "تم توقيع اتفاق وقف إطلاق النار بعد ستة أسابيع من القتال العنيف في المنطقة.",
    "es": "El acuerdo de alto el fuego se firmó tras seis semanas de intensos combates en la región.",
}


@pytest.mark.parametrize("code, text", SENTENCES.items())
def test_language_is_detected(code, text):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "Click", "12 345 678", "OK ok"])
def test_too_short_text_is_undetermined(text):
    assert detect_language(text) == "und"


def test_detection_is_the_same_run_to_run():
    mixed = "Ceasefire talks. Cessez-le-feu. Alto el fuego."
    assert len({detect_language(mixed) for _ in range(5)}) == 1
