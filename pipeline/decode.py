"""Turn a document's bytes into text: byte-order mark, UTF-8, the declared charset, then detection."""

import codecs
import re

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Single-byte encodings often decode the same bytes equally well (ISO-8859-2 and -10, say); among
# the detector's equally good answers, take the one most used on the web, in this order.
COMMON_ENCODINGS = (
    "utf_8", "cp1252", "cp1251", "gb18030", "cp932", "shift_jis", "euc_jp", "euc_kr", "big5", "cp1250",
    "iso8859_2", "cp1256", "cp1253", "iso8859_7", "cp1254", "iso8859_9", "koi8_r", "iso8859_5", "cp1255",
    "iso8859_8", "cp874", "iso8859_15", "latin_1", "utf_16", "utf_16_le", "utf_16_be",
)  # fmt: skip
CHAOS_TOLERANCE = 0.0
# Browsers read a declared Latin-1 as Windows-1252 (WHATWG), and so do pages written for them.
DECLARED_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
NON_ASCII = re.compile(r"[^\x00-\x7f]")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lxml refuses them in text


class UndecodableText(ValueError):
    """Bytes that are not text in any encoding; the message is the reason."""


def decode(data: bytes) -> tuple[str, str]:
    """Return the text of `data` and the name of the encoding it was read with."""
    text, encoding = _decode(data)
    return CONTROL_CHARS.sub("", text), encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if b"\x00" in data[:8192]:
        raise UndecodableText("binary file")
    # Valid UTF-8 with non-ASCII bytes is almost never anything else, whatever a page declares;
    # a page of many UTF-8 characters with one or two broken bytes is still UTF-8.
    utf8 = data.decode("utf-8", errors="replace")
    broken = utf8.count("\ufffd")
    if not broken or (broken <= max(2, len(data) // 10_000) and len(NON_ASCII.findall(utf8)) - broken >= 10 * broken):
        return utf8, "utf-8"
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            encoding = DECLARED_ALIASES.get(encoding, encoding)
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead
    return _detect(data)


def _utf16_without_bom(head: bytes) -> str | None:
    """Tell UTF-16 text by its zero bytes: Latin text has one in every other byte."""
    half = len(head) // 2
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if half >= 8 and odd >= 0.4 * half and even <= odd / 10:
        return "utf-16-le"
    if half >= 8 and even >= 0.4 * half and odd <= even / 10:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> tuple[str, str]:
    matches = list(from_bytes(data))
    if not matches:
        raise UndecodableText("undecodable text")
    least_chaos = min(match.chaos for match in matches)
    candidates = [m for m in matches if m.chaos <= least_chaos + CHAOS_TOLERANCE]
    best = min(candidates, key=lambda m: _rank(m.encoding))
    return str(best), codecs.lookup(best.encoding).name


def _rank(encoding: str) -> int:
    name = codecs.lookup(encoding).name.replace("-", "_")
    normalized = {codecs.lookup(e).name.replace("-", "_"): i for i, e in enumerate(COMMON_ENCODINGS)}
    return normalized.get(name, len(COMMON_ENCODINGS))
