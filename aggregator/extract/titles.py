"""The event's title: a quoted title, or what follows بعنوان / تحت عنوان / حول / intitulé / titled."""

from __future__ import annotations

import re

from aggregator.extract.patterns import compile_words

__all__ = ["find_title", "quoted_spans"]

_QUOTED = compile_words(r"«\s*([^«»\n]{3,200}?)\s*»|“\s*([^“”\n]{3,200}?)\s*”|\"\s*([^\"\n]{3,200}?)\s*\"|"
                     r"„\s*([^“”\n]{3,200}?)\s*“|‹\s*([^‹›\n]{3,200}?)\s*›")
# Markers are matched on the folded text; the title is cut from the clean text at the same offsets.
_MARKER = compile_words(
    r"(?<![\w])(?:تحت\s+عنوان|بعنوان|عنوانها|عنوانه|تحت\s+شعار|حول\s+موضوع|حول|في\s+موضوع|"
    r"intitulee?s?|sous\s+le\s+theme|sur\s+le\s+theme|autour\s+du\s+theme|ayant\s+pour\s+theme|sur|"
    r"titled|entitled|on\s+the\s+theme|on)(?![\w])\s*:?\s*"
)
_STOP = re.compile(
    r"[\n.!?؟|]|،\s|,\s|;|؛|\s-\s|\s–\s|(?<![\w])(?:يوم|وذلك|ذلك|الساعه|علي\s+الساعه|عبر|يقدمها|يقدمه|يحاضر|"
    r"بمشاركه|بحضور|بتاريخ|مساء|صباح|غدا|اليوم|الليله|ابتداء|انطلاقا|le|a\s+\d|via|sur\s+zoom|on\s+zoom|at|via|"
    r"avec|with|by|par|tomorrow|today|demain|ce\s+soir|this|from|du|des|de\s+\d|\d{1,2}[:h]\d\d)(?![\w])"
)
_STRIP = " \t\"'«»“”„‹›:-–—،,.()[]"


def quoted_spans(clean_text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted phrase: a title that names a platform does not make the event held on it."""
    return [m.span() for m in _QUOTED.finditer(clean_text)]


def find_title(clean_text: str, folded_text: str) -> str | None:
    """The title the announcement gives its event, or None."""
    best = None
    for m in _QUOTED.finditer(clean_text):
        value = next(g for g in m.groups() if g)
        if len(value.split()) < 2 or value.lower().startswith(("http", "www")):
            continue
        before = folded_text[max(0, m.start() - 25):m.start()]
        if re.search(r"(?:عنوان|حول|شعار|intitul|theme|titled|entitled)\s*:?\s*$", before):
            return _tidy(value)
        if best is None:
            best = value
    if best:
        return _tidy(best)
    for m in _MARKER.finditer(folded_text):
        word = m.group().strip()
        if word in ("sur", "on") or word.startswith("حول") and not word.startswith("حول موضوع"):
            pass
        rest_f = folded_text[m.end():m.end() + 200]
        stop = _STOP.search(rest_f)
        cut = stop.start() if stop else len(rest_f)
        value = clean_text[m.end():m.end() + cut]
        value = _tidy(value)
        if word in ("sur", "on"):
            continue  # too common to mark a title on its own
        if value and 2 <= len(value.split()) <= 25:
            return value
    return None


def _tidy(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(_STRIP)
    return value
