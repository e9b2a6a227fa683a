import pytest

from conftest import shared
from pipeline.language import detect_language

SENTENCES = {
    "en": "The ceasefire agreement was signed after six weeks of heavy fighting in the region.",
    "fr": "L'accord de cessez-le-feu a été signé après six semaines de combats intenses dans la région.",
    "ru": "Соглашение о прекращении огня было подписано после шести недель ожесточённых боёв.",
    "ar": "تم توقيع اتفاق وقف إطلاق النار بعد ستة أسابيع من القتال العنيف في المنطقة.",
    "es": "El acuerdo de alto el fuego se firmó tras seis semanas de intensos combates en la región.",
    "de": "Das Waffenstillstandsabkommen wurde nach sechs Wochen schwerer Kämpfe in der Region unterzeichnet.",
    "zh": "经过六个星期的激烈战斗，双方签署了停火协议。",
}


@pytest.mark.parametrize("code, text", SENTENCES.items())
def test_language_is_detected_with_confidence(code, text):
    found, confidence = detect_language(text)
    assert found == code and confidence > 0.5


@pytest.mark.parametrize("text", ["", "OK", "12 345 678", "— ! ?"])
def test_text_without_letters_enough_is_undetermined(text):
    assert detect_language(text) == ("und", 0.0)


@pytest.mark.parametrize("text", ["Click to comment", "Hola amigos", "Reuters"])
def test_one_line_text_is_never_a_confident_guess(text):
    assert detect_language(text)[1] < 0.5


def test_mixed_text_takes_the_language_of_its_longest_part():
    text = f"{SENTENCES['fr']}\n\n{SENTENCES['fr']} Les combats ont repris.\n\nCeasefire agreed."
    assert detect_language(text)[0] == "fr"


def test_declared_language_settles_a_close_call():
    # Catalan and Spanish share much; the page's own declaration decides when the detectors differ.
    text = "El govern ha anunciat avui que la treva es mantindrà durant tota la setmana."
    assert detect_language(text, declared="ca")[0] == "ca"


def test_detection_is_the_same_run_to_run():
    mixed = "Ceasefire talks. Cessez-le-feu. Alto el fuego. Waffenstillstand."
    assert len({detect_language(mixed) for _ in range(5)}) == 1


def test_sentences_of_the_dev_set_are_mostly_right():
    folder = shared("language", "sentences")
    right = total = 0
    for code in ("en", "fr", "es", "de", "ru", "ar"):
        for sentence in (folder / f"{code}.txt").read_text(encoding="utf-8").split("\n")[:100]:
            if sentence.strip():
                total += 1
                right += detect_language(sentence)[0] == code
    assert right / total >= 0.985
