"""Bytes to text: BOM, XML declaration, meta charset and header, each checked by a trial decode.

Organizations in the region still serve windows-1256 and ISO-8859-6, often under a wrong header
(ISO-8859-1 or UTF-8). A declared charset is trusted only when the text it gives looks like text:
no C1 control characters, no Latin-1 letters glued to Arabic ones, no long runs of accented Latin
letters (what Arabic read as ISO-8859-1 looks like).

A document that is UTF-8 but for a few stray bytes (a truncated copy-paste, one bad byte from a CMS)
stays UTF-8 with those bytes replaced: only a document that is not UTF-8 at all is sniffed, since
reading a whole UTF-8 page as windows-1256 turns every letter of it into mojibake.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_body", "declared_charsets", "to_utf8_xml"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# UTF-16 without a BOM, told by its first characters as XML 1.0 appendix F does ('<?', '<!', '<tag').
_UTF16_LE = re.compile(rb"^(?:[ \t\r\n]\x00)*<\x00[?!A-Za-z]\x00")
_UTF16_BE = re.compile(rb"^(?:\x00[ \t\r\n])*\x00<\x00[?!A-Za-z]")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# Single-byte encodings tried when nothing declared decodes well, Arabic ones first.
_FALLBACKS = ("windows-1256", "iso-8859-6", "windows-1252")
_C1 = re.compile("[\u0080-\u009f]")
_ARABIC = "\u0600-\u06ff"
_LATIN1_LETTER = "\u00c0-\u00ff"
_GLUED = re.compile(f"[{_ARABIC}][{_LATIN1_LETTER}]|[{_LATIN1_LETTER}][{_ARABIC}]")
_ACCENT_RUN = re.compile(f"[{_LATIN1_LETTER}]{{4,}}")
# Mostly-UTF-8: at most one bad sequence per this many well-formed non-ASCII characters. Text in a
# single-byte encoding almost never forms well-formed multi-byte UTF-8, so its ratio is near zero.
_UTF8_GOOD_PER_BAD = 20


def _normalize(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def declared_charsets(body: bytes, content_type: str = "") -> list[str]:
    """Charsets the document claims, most specific first: XML declaration, meta tag, HTTP header."""
    found = []
    head = body[:2048]
    for match in (_XML_DECL.search(head), _META.search(head)):
        if match:
            found.append(_normalize(match.group(1)))
    header = _HEADER.search(content_type or "")
    if header:
        found.append(_normalize(header.group(1)))
    return [c for c in dict.fromkeys(found) if c]


def _badness(text: str) -> int:
    return 10 * len(_C1.findall(text)) + len(_GLUED.findall(text)) + 3 * len(_ACCENT_RUN.findall(text))


def decode_body(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return (text, encoding used). Never raises: the last resort replaces undecodable bytes."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace"), name
    for pattern, name in ((_UTF16_LE, "utf-16-le"), (_UTF16_BE, "utf-16-be")):
        if pattern.match(body):
            return body.decode(name, "replace"), name
    try:
        return body.decode("utf-8"), "utf-8"  # strict UTF-8 that decodes is UTF-8, whatever is declared
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(body)
    if mostly is not None:
        return mostly, "utf-8"
    best: tuple[int, str, str] | None = None
    for name in [c for c in declared_charsets(body, content_type) if not c.startswith("utf")] + list(_FALLBACKS):
        try:
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _badness(text)
        if score == 0:
            return text, name
        if best is None or score < best[0]:
            best = (score, name, text)
    if best is not None:
        return best[2], best[1]
    return body.decode("utf-8", "replace"), "utf-8"


def _mostly_utf8(body: bytes) -> str | None:
    """The text, with bad bytes replaced, when ``body`` is well-formed UTF-8 but for a few bytes."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")  # a real U+FFFD in the source is not a fault
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")  # non-ASCII, well-formed
    return text if good >= _UTF8_GOOD_PER_BAD * max(bad, 1) else None


def to_utf8_xml(body: bytes, content_type: str = "") -> tuple[bytes, str]:
    """Re-encode an XML document as UTF-8 with a matching declaration, for parsers that trust it."""
    text, encoding = decode_body(body, content_type)
    text = re.sub(r"""^\s*<\?xml[^>]*\?>""", '<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    return text.encode("utf-8"), encoding
