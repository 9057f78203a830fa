"""Arabic/Latin text normalization for comparing subjects: letter variants, marks, digits, stems, transliteration."""

from __future__ import annotations

import re

__all__ = ["normalize_text", "fold", "words", "stem", "skeleton"]

_TABLE = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ء": None,
        "ـ": None, "\u200f": None, "\u200e": None, "\u061c": None, "\u200b": None, "\u200c": None,
        "\u200d": None, "ک": "ك", "ی": "ي", "ڤ": "ف", "پ": "ب", "گ": "ك", "ڨ": "ق",
        "’": "'", "‘": "'", "`": "'",
        **dict(zip("àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæÀÂÄÁÇÉÈÊËÎÏÔÖÙÛÜ", "aaaaaaceeeeiiiinooooouuuuyyoaAAAACEEEEIIOOUUU")),
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
_NON_WORD = re.compile(r"[^\w]+")
_WORD = re.compile(r"[^\W_]+")


def normalize_text(text: str) -> str:
    """Lowercase, strip diacritics and tatweel, unify alef/ya/ta marbuta/hamza forms and digits."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def fold(text: str) -> str:
    """The comparison form of a text: Arabic letter variants unified, marks removed, Latin accents
    removed, lowercase, Eastern Arabic digits made ASCII. Keeps punctuation and spacing."""
    return _MARKS.sub("", (text or "").translate(_TABLE)).lower()


def words(folded: str) -> list[str]:
    """Word tokens of a folded text (letters and digits; apostrophes and underscores split)."""
    return _WORD.findall(folded)


_AR_PREFIXES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "وب", "ول", "و", "ب", "ل", "ف")
_AR_SUFFIXES = ("يات", "يه", "ات", "ون", "ين", "ان", "ها", "هم", "ه", "ي")
_LATIN_SUFFIXES = ("ements", "ement", "ations", "ation", "iques", "ique", "ies", "es", "s", "x", "e")


def stem(word: str) -> str:
    """A light stem: Arabic article/conjunction/preposition prefixes and common suffixes removed;
    Latin words lose plural/feminine endings and are cut to 7 letters. Crude on purpose: it only
    needs to map word forms of one subject onto one key."""
    if word.isascii():
        if word.isdigit():
            return word
        for suffix in _LATIN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        return word[:7]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= (2 if prefix.endswith("ال") or prefix == "لل" else 3):
            word = word[len(prefix):]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


_AR_SKELETON = str.maketrans(
    {
        "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
        "س": "s", "ش": "x", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k",
        "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "",
    }
)
# a written "x" is /ks/ and goes first, so that the "x" standing for ش (ch, sh) stays one letter:
# Cherif / الشريف -> "xrf"
_LATIN_DIGRAPHS = (("x", "ks"), ("kh", "k"), ("gh", "g"), ("ch", "x"), ("sh", "x"), ("th", "t"), ("dh", "d"),
                   ("dj", "j"), ("ou", ""), ("q", "k"), ("c", "k"), ("p", "b"), ("v", "f"))
_VOWELS = str.maketrans("", "", "aeiouyw'")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(word: str) -> str:
    """Consonant skeleton shared by an Arabic name and its Latin transliterations:
    محمد / Mohamed / Mohammed -> "mhmd", يوسف / Youssef -> "ysf"."""
    if word.isascii():
        head = word[0]
        body = word
        for a, b in _LATIN_DIGRAPHS:
            if a in body:
                body = body.replace(a, b)
        initial = head if head in "wy" else ""
        rest = body.translate(_VOWELS)
        if initial and rest.startswith(initial):
            rest = rest[1:]
        out = initial + rest
        if out.endswith("h") and len(out) > 3 and word.endswith(("ah", "eh")):
            out = out[:-1]
    else:
        initial = {"و": "w", "ي": "y"}.get(word[0], "")
        out = initial + word[1 if initial else 0:].translate(_AR_SKELETON)
        if out.endswith("h") and word.endswith("ه") and len(out) > 3:
            out = out[:-1]
    return _DOUBLE.sub(r"\1", out)
