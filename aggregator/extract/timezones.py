"""Time zones named in the text ("بتوقيت مكه المكرمه", "GMT+1", "heure de Tunis") and local -> aware datetimes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.extract.lexicon import ZONE_ADJECTIVES, ZONE_NAMES, alternation, folded
from aggregator.extract.patterns import compile_words

__all__ = ["ZoneMention", "find_zones", "zone_info", "localize"]


@dataclass(frozen=True)
class ZoneMention:
    start: int
    end: int
    zone: str


_NAME_OF = {re.sub(r"\s+", " ", folded(k)): v for k, v in ZONE_NAMES.items()}
_ADJ_OF = {re.sub(r"\s+", " ", folded(k)): v for k, v in ZONE_ADJECTIVES.items()}
_NAMES = alternation(ZONE_NAMES)
_ADJS = alternation(ZONE_ADJECTIVES)
_GMT = r"(?:gmt|utc|غرينتش|غرينيتش|جرينتش|جرينيتش|قرينتش|غرينش|غ\.?م|ت\.?ع\.?م)"

_OFFSET = compile_words(
    r"(?<![\w])(?:(?:ب|حسب\s+)?(?:ال)?توقيت\s+)?" + _GMT + r"\s*(?P<sign>[+\-])\s*(?P<h>\d{1,2})(?::?(?P<m>[0-5]\d))?(?!\d)"
)
# "بتوقيت تونس", "بالتوقيت المصري": the forms most posts use, and the only ones a text without
# "heure", "time" or "(" can hold (each other form needs one of them).
_TAWQIT = (
    r"(?:ب|حسب\s+|وفق\s+|علي\s+)?(?:ال)?توقيت\s+(?:مدينه\s+|العاصمه\s+|دوله\s+)?(?P<ar>" + _NAMES + r")"
    r"|(?:ب|حسب\s+|وفق\s+|علي\s+)?(?:ال)?توقيت\s+(?P<aradj>" + _ADJS + r")"
)
_OTHER_NAMED = (
    r"heures?\s+(?:de\s+|d'|du\s+|locale\s+de\s+|locale\s+d'|locale\s+du\s+)?(?:la\s+|l')?(?P<fr>" + _NAMES + r")"
    r"|heures?\s+(?P<fradj>" + _ADJS + r")"
    # English puts the name first; a group marks where it ends (a group may not open an alternative
    # if the pattern is to be compiled to skip ahead, see patterns.py).
    r"|(?:" + _NAMES + r")(?P<en_end>)\s+(?:time|local\s+time)"
    r"|(?:" + _ADJS + r")(?P<enadj_end>)\s+time"
    r"|\(\s*(?P<paren>gmt|utc|cet|cest|" + _NAMES + r")\s*\)"
)
_OTHER_WORDS = ("heure", "time", "(")
_NAMED = compile_words(r"(?<![\w])(?:" + _TAWQIT + "|" + _OTHER_NAMED + r")(?![\w])")
# The same alternation cut after its "توقيت" forms: on a text with none of _OTHER_WORDS the rest
# cannot match, so both find the same, and this one scans far fewer candidates (English forms
# start with any zone name).
_NAMED_TAWQIT = compile_words(r"(?<![\w])(?:" + _TAWQIT + r")(?![\w])")
# "20:00 GMT", "8 pm UTC", "21:00 ت.غ": a bare abbreviation counts only right after a time.
_BARE = compile_words(r"(?:gmt|utc|ت\.\s?غ|ت\s?غ)(?![\w])")
_AFTER_TIME = re.compile(r"(?:\d|[ap]m|\dh)\s$")


def find_zones(text: str) -> list[ZoneMention]:
    """Every zone the folded text names, in text order, as IANA names."""
    out: list[ZoneMention] = []
    for m in _OFFSET.finditer(text):
        hours = int(m["h"])
        if hours > 14:
            continue
        sign = 1 if m["sign"] == "+" else -1
        out.append(ZoneMention(m.start(), m.end(), fixed_offset_zone(sign * hours)))
    # Every form _NAMED knows holds one of these words; most announcements name no zone at all.
    if any(w in text for w in _OTHER_WORDS):
        named = _NAMED.finditer(text)
    else:
        named = _NAMED_TAWQIT.finditer(text) if "توقيت" in text else ()
    for m in named:
        if any(z.start <= m.start() < z.end for z in out):
            continue
        groups = m.groupdict()  # _NAMED_TAWQIT has only the Arabic groups
        if groups.get("en_end") is not None:
            key = text[m.start():m.start("en_end")]
        elif groups.get("enadj_end") is not None:
            key = text[m.start():m.start("enadj_end")]
        else:
            key = next(g for g in (groups.get(k) for k in ("ar", "aradj", "fr", "fradj", "paren")) if g)
        key = re.sub(r"\s+", " ", key)
        zone = _NAME_OF.get(key) or _ADJ_OF.get(key)
        if key in ("cet", "cest"):
            zone = "Europe/Paris"
        if zone:
            out.append(ZoneMention(m.start(), m.end(), zone))
    for m in _BARE.finditer(text):
        if _AFTER_TIME.search(text, max(0, m.start() - 3), m.start()) and not any(
                z.start <= m.start() < z.end for z in out):
            key = m.group()
            out.append(ZoneMention(m.start(), m.end(), "UTC" if key.startswith("ت") else _NAME_OF[key]))
    out.sort(key=lambda z: z.start)
    return out


def fixed_offset_zone(hours: int) -> str:
    """The IANA name of a whole-hour fixed offset (POSIX sign: Etc/GMT-1 is UTC+1)."""
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


@lru_cache(maxsize=256)
def zone_info(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return None


def localize(day: date, hour: int, minute: int, zone: ZoneInfo, day_offset: int = 0) -> datetime:
    """The aware datetime of a wall-clock time; a time skipped by a DST jump moves forward."""
    naive = datetime(day.year, day.month, day.day, hour, minute) + timedelta(days=day_offset)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC to normalize non-existent wall times (spring-forward gaps).
    from datetime import timezone as _tz

    return aware.astimezone(_tz.utc).astimezone(zone)
