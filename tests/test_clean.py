import pytest

from conftest import PAGES, shared
from pipeline.clean import clean, normalize
from pipeline.errors import CleanError
from pipeline.read import RawDocument


def clean_file(path, kind):
    return clean(RawDocument(str(path), path.read_bytes(), kind))


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name, kind", [("seed-article.txt", "text"), ("seed-article.html", "html")])
def test_seed_keeps_every_body_paragraph_in_order_and_no_boilerplate(name, kind, seed_expected):
    page = clean_file(shared("seed", name), kind)
    text = collapse(page.text)
    positions = [text.find(collapse(p)) for p in seed_expected["body_paragraphs"]]
    assert -1 not in positions and positions == sorted(positions)
    for line in seed_expected["boilerplate"][name]:
        assert collapse(line) not in text and collapse(line) not in page.title
    assert page.title == seed_expected["title"]


def test_page_metadata_is_read(seed_expected):
    page = clean_file(shared("seed", "seed-article.html"), "html")
    assert page.url.startswith("https://freepresskashmir.news/2020/10/03/")
    assert page.outlet == "Free Press Kashmir"
    assert str(page.published.day) == seed_expected["published"]["seed-article.html"]
    assert page.declared_language == "en"


def test_navigation_share_buttons_captions_and_prompts_are_dropped():
    page = clean_file(PAGES / "mariupol-siege.html", "html")
    assert page.title == "Mariupol siege enters third week"
    assert "siege of Mariupol" in page.text and "Red Cross" in page.text
    for junk in ("Home", "Sport", "Representational Image", "Advertisement", "Click to comment"):
        assert junk not in page.text


def test_text_scrape_takes_first_line_as_title_and_drops_prompts():
    page = clean_file(PAGES / "undated-note.txt", "text")
    assert page.title == "Aid convoy reaches Tigray"
    assert page.text.startswith("The first aid convoy") and "To Top" not in page.text
    assert page.published.day is None


def test_paragraphs_are_kept_apart():
    page = clean_file(PAGES / "khartoum-talks.html", "html")
    assert page.text.count("\n\n") == 2


def test_binary_file_is_refused_with_reason():
    with pytest.raises(CleanError, match="binary file"):
        clean(RawDocument("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "html"))


@pytest.mark.parametrize(
    "data", [b"", b"   \n\n", b"<html><body><script>var page = 1;</script><style>p {}</style></body></html>"]
)
def test_empty_document_is_refused_with_reason(data):
    with pytest.raises(CleanError, match="empty after cleaning"):
        clean(RawDocument("empty.html", data, "html"))


def test_normalize_removes_invisible_characters_and_composes():
    assert normalize("Pashi\u00adnyan\u200b met  Aliyev\n\n cafe\u0301") == "Pashinyan met Aliyev\n\ncafé"


def test_windows_1252_page_with_declared_charset_is_decoded():
    html = (
        '<html><head><meta charset="windows-1252"></head>'
        "<body><p>Caf\xe9 talks in Bogot\xe1 continue today with the delegations.</p></body></html>"
    )
    page = clean(RawDocument("latin.html", html.encode("cp1252"), "html"))
    assert "Café talks in Bogotá" in page.text


@pytest.mark.parametrize(
    ("given", "kept"), [("fr", "fr"), ("pt-BR", "pt"), (" EN ", "en"), ("English", None), ('"><b>', None)]
)
def test_a_records_language_is_kept_only_when_it_is_a_code(given, kept):
    fields = {"title": "Titre", "text": "Le texte de l'article.", "language": given}
    assert clean(RawDocument("export.jsonl:1", b"", "record", fields=fields)).given_language == kept
