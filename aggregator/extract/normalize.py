"""Text normalization: strip invisible marks and diacritics, unify digits, fold letter variants."""

from __future__ import annotations

import re

__all__ = ["clean", "fold", "blank"]

# Removed outright: Arabic diacritics (harakat, tanwin, shadda, sukun, dagger alef), tatweel,
# zero-width and bidirectional control marks (LRM, RLM, ALM, embeddings, isolates), BOM, soft hyphen.
_REMOVE = dict.fromkeys(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
     *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE), 0x0640,
     0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070),
     0xFEFF, 0x00AD],
    None,
)
# Every kind of space becomes a plain space; every digit system becomes ASCII.
_SPACES = dict.fromkeys([0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x0009], " ")
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_PUNCT = {0x066B: ".", 0x066C: ",", 0x2212: "-", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-",
          0x2015: "-", 0xFE58: "-", 0xFE63: "-", 0xFF0D: "-", 0xFF1A: ":", 0x2236: ":"}
_CLEAN = {**_REMOVE, **_SPACES, **_DIGITS, **_PUNCT}

# One character for one character, so offsets in the folded text are offsets in the clean text.
_FOLD_PAIRS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك", "ڤ": "ف",
    "à": "a", "â": "a", "ä": "a", "á": "a", "ç": "c", "é": "e", "è": "e", "ê": "e", "ë": "e",
    "î": "i", "ï": "i", "í": "i", "ô": "o", "ö": "o", "ó": "o", "ù": "u", "û": "u", "ü": "u",
    "ú": "u", "ÿ": "y", "œ": "o", "’": "'", "‘": "'", "ʼ": "'", "`": "'",
}
_FOLD = {ord(k): v for k, v in _FOLD_PAIRS.items()}
_FOLD.update({c: chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
for _up, _low in (("À", "a"), ("Â", "a"), ("Ç", "c"), ("É", "e"), ("È", "e"), ("Ê", "e"),
                  ("Î", "i"), ("Ô", "o"), ("Û", "u"), ("Ù", "u"), ("Œ", "o")):
    _FOLD[ord(_up)] = _low


def _finder(table: dict[int, str | None]) -> re.Pattern:
    """A class of the characters ``table`` maps; no character it maps to is mapped again, so the
    characters can be replaced one after the other and the result is what ``str.translate`` gives."""
    assert not any(ord(c) in table for value in table.values() if value for c in value)
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table)) + "]")


_CLEAN_FINDER = _finder(_CLEAN)
_FOLD_FINDER = _finder(_FOLD)


def _translate(text: str, table: dict[int, str | None], finder: re.Pattern) -> str:
    # str.translate looks every character up in the table (~0.1 us each). A text holds few distinct
    # characters that change: finding them with one class scan and replacing each costs a fifth.
    for char in set(finder.findall(text)):
        text = text.replace(char, table[ord(char)] or "")
    return text


_MULTISPACE = re.compile(r"[ ]{2,}")
# A tatweel between two digits is a range dash ("7ـ8 مارس"); elsewhere it only stretches a word.
_DIGIT = "0-9\u0660-\u0669\u06F0-\u06F9"
_TATWEEL_DASH = re.compile(f"(?<=[{_DIGIT}])\\s*\u0640+\\s*(?=[{_DIGIT}])")


def clean(text: str) -> str:
    """Remove invisible characters and diacritics, unify spaces and digits; newlines are kept."""
    if "\u0640" in text:
        text = _TATWEEL_DASH.sub("-", text)
    out = _translate(text, _CLEAN, _CLEAN_FINDER)
    if "\r" in out:
        out = out.replace("\r\n", "\n").replace("\r", "\n")
    return _MULTISPACE.sub(" ", out) if "  " in out else out


def fold(cleaned: str) -> str:
    """Fold letter variants (hamza/alef, ta marbuta, alef maqsura, Latin case and accents).

    The result has exactly the length of ``cleaned``: positions found in one hold in the other.
    """
    return _translate(cleaned, _FOLD, _FOLD_FINDER)


def blank(text: str, spans) -> str:
    """``text`` with every (start, end) span replaced by spaces of the same length."""
    if not spans:
        return text
    pieces = []
    done = 0  # text before this offset is already in pieces
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        pieces += (text[done:start], " " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
