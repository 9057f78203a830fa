"""Arabic/Latin text normalization for comparing titles: letter variants, marks, digits, case."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]

_TABLE = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
        "ـ": None, "\u200f": None, "\u200e": None, "\u061c": None, "\u200b": None,
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")
_NON_WORD = re.compile(r"[^\w]+")


def normalize_text(text: str) -> str:
    """Lowercase, strip diacritics and tatweel, unify alef/ya/ta marbuta/hamza forms and digits."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _MARKS.sub("", text).translate(_TABLE).lower()
    return _NON_WORD.sub(" ", text).strip()
