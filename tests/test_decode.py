import codecs

import pytest

from pipeline.decode import UndecodableText, decode

TEXTS = {
    "cp1251": "Власти России объявили об окончании контртеррористической операции в Чечне, которая длилась "
    "почти десять лет. По словам официальных лиц, в Грозном восстановлены многие дома.",
    "shift_jis": "政府は本日、停戦合意が発効したと発表した。国連安全保障理事会は双方に対し、民間人の保護を求めた。",
    "gb18030": "联合国安理会呼吁双方立即停火，保护平民，并允许人道主义援助进入该地区。",
    "iso-8859-2": "Rozmowy pokojowe w Genewie zakończyły się bez porozumienia, poinformowali dyplomaci. Żołnierze "
    "wycofali się z miasta. Według przedstawicieli ONZ w regionie przebywa ponad sto tysięcy uchodźców.",
    "iso-8859-7": "Οι συνομιλίες για την εκεχειρία ολοκληρώθηκαν χωρίς συμφωνία, ανέφεραν διπλωμάτες στη Γενεύη.",
    "cp1252": "Les négociations de cessez-le-feu à Genève se sont achevées sans accord, ont indiqué des diplomates.",
    "utf-16-le": "The ceasefire talks in Geneva ended without agreement, diplomats said on Tuesday.",
    "utf-16-be": "The ceasefire talks in Geneva ended without agreement, diplomats said on Tuesday.",
}


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>News</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize("encoding", TEXTS)
def test_page_without_charset_declaration_is_decoded(encoding):
    html = page(TEXTS[encoding])
    text, found = decode(html.encode(encoding))
    assert text == html
    assert found  # the encoding is recorded


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_byte_order_mark_decides(bom, encoding):
    html = page(TEXTS["cp1251"])
    text, _ = decode(bom + html.encode(encoding))
    assert text == html


def test_declared_charset_is_used():
    html = page(TEXTS["cp1251"], '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
    assert decode(html.encode("cp1251")) == (html, "cp1251")


def test_declared_latin1_is_read_as_windows_1252():
    html = page("Les “guillemets” de l’article", '<meta charset="iso-8859-1">')
    assert decode(html.encode("cp1252"))[0] == html


def test_utf8_page_with_one_broken_byte_stays_utf8():
    html = page("Rozmowy pokojowe zakończyły się bez porozumienia. " * 20)
    data = html.encode("utf-8").replace(b"pokojowe", b"pokoj\xe9we", 1)
    text, encoding = decode(data)
    assert encoding == "utf-8" and "zakończyły" in text


def test_control_characters_are_dropped():
    assert decode(b"<p>cease\x07fire\x1b</p>")[0] == "<p>ceasefire</p>"


def test_binary_data_is_refused():
    with pytest.raises(UndecodableText, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
