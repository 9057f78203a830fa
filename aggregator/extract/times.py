"""Clock times in announcements: digits, words, parts of the day, ranges; returns 24-hour times."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aggregator.extract.lexicon import DURATION_WORDS, HOUR_WORDS, MINUTE_WORDS, PERIODS, alternation, folded
from aggregator.extract.patterns import compile_words

__all__ = ["TimeMention", "find_times", "find_duration", "find_countdown", "closing_time"]


@dataclass(frozen=True)
class TimeMention:
    """A clock time (possibly a range) found in the folded text."""

    start: int
    end: int
    hour: int
    minute: int
    end_hour: int | None = None
    end_minute: int | None = None
    day_offset: int = 0  # "الثانيه عشره ليلا": midnight, the next day


_HOUR_OF = {folded(k): v for k, v in HOUR_WORDS.items()}
_MIN_OF = {re.sub(r"\s+", " ", folded(k)): v for k, v in MINUTE_WORDS.items()}
_PERIOD_OF = {re.sub(r"\s+", " ", folded(k)): v for k, v in PERIODS.items()}
# "8 مساء", "9 من الليل", Tunisian "9 متع الليل".
_PER = r"(?:(?:من\s+|في\s+|متع\s+|متاع\s+)?(?P<per>" + alternation(PERIODS) + r"))(?![\w])"
_MINW = alternation(MINUTE_WORDS)

# Groups mark where the prefix and the hour end, rather than capturing them: a group may not open an
# alternative if the pattern is to be compiled to skip ahead (patterns.py).
_NUM = compile_words(
    r"(?<![\d/.:\w])(?:(?:الساعه|ساعه|الساعه|a|at|vers|des|from|de|entre|between|من|بين|لل?ساعه)\s*(?P<pre_end>))?"
    r"[0-2]?[0-9](?P<h_end>)(?:\s*(?P<sep>[:.])\s*(?P<m>[0-5]\d)|\s*(?P<hsep>h|سا(?![^\W\d]))\s*(?P<hm>[0-5]\d)?|\s*(?P<heures>heures?|hrs?|o'clock)"
    r"(?:\s*(?P<hm2>[0-5]\d))?)?(?![\d/]|\.\d)"
    r"(?:\s*(?:و\s*(?P<plusn>\d{1,2})\s*(?:دقيقه|دقائق|د)(?![\w])|و\s*(?P<plusw>" + _MINW + r")(?![\w])))?"
    r"(?:\s*" + _PER + r")?"
)
_WORD = compile_words(
    r"(?<![\w])(?:(?:الساعه|ساعه|(?:في\s+)?تمام(?:\s+الساعه)?|عند(?:\s+الساعه)?)\s+(?P<pre_end>))?"
    r"(?:" + alternation(HOUR_WORDS) + r")(?P<w_end>)(?![\w])"
    r"(?:\s*(?:و\s*(?P<plus>" + _MINW + r"|\d{1,2}\s*(?:دقيقه|دقائق))|الا\s*(?P<minus>" + _MINW +
    r"|\d{1,2}\s*(?:دقيقه|دقائق)))(?![\w]))?"
    r"(?:\s*" + _PER + r")?"
)
_NAMED = compile_words(r"(?<![\w])(?P<n>منتصف\s+الليل|منتصف\s+النهار|minuit|midi|noon|midnight)(?![\w])")
_RANGE_SEP = re.compile(
    r"^\s*(?:-|–|~|الي|حتي|لغايه|ولغايه|وحتي|و\s+حتي|الي\s+غايه|ل|a|au|to|till|until|jusqu'a|jusqu'au|et|and)\s*$"
)
# A part-of-day word earlier in the same sentence governs a bare hour: "مساء الأربعاء 12 آذار الساعة 9:30".
_PRE_HINT = compile_words(r"(?<![\w])(مساء|المساء|مساءا|الليله|ليله|soir|soiree|evening|tonight|صباح|الصباح|matin|morning|"
                          r"ظهر|الظهر|بعد\s+الظهر|عصر|العصر|عشيه)(?![\w])")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_HINT_REACH = 160  # characters back from the hour, within its sentence


def _minutes_of(word: str | None) -> int:
    if not word:
        return 0
    word = re.sub(r"\s+", " ", word)
    if word in _MIN_OF:
        return _MIN_OF[word]
    digits = re.match(r"\d+", word)
    return int(digits.group()) if digits else 0


def _apply(hour: int, period: str | None, style: str) -> tuple[int, int]:
    """24-hour clock and day offset of ``hour`` read with ``period``; style says how it was written."""
    if period == "am":
        return (0 if hour == 12 else hour), 0
    if period == "pm":
        return (hour + 12 if hour < 12 else hour), 0
    if period == "noon":
        return (hour + 12 if 1 <= hour <= 5 else hour), 0
    if period == "night":
        if hour == 12:
            return 0, 1
        return (hour if hour <= 4 else hour + 12 if hour < 12 else hour), 0
    if style == "24h":
        return (0 if hour == 24 else hour), (1 if hour == 24 else 0)
    if style == "colon":
        return (hour + 12 if 1 <= hour <= 7 else hour), 0
    return (hour + 12 if 1 <= hour <= 8 else hour), 0


@dataclass
class _Raw:
    start: int
    end: int
    hour: int
    minute: int
    period: str | None
    style: str
    strong: bool
    hour_start: int = -1  # where the hour itself starts, after "الساعة", "à", "from"


def _raw_tokens(text: str) -> list[_Raw]:
    out: list[_Raw] = []
    for m in _NUM.finditer(text):
        h_start = m.start("pre_end") if m["pre_end"] is not None else m.start()
        h_text = text[h_start:m.start("h_end")]
        h = int(h_text)
        if h > 24:
            continue
        per = _PERIOD_OF.get(re.sub(r"\s+", " ", m["per"])) if m["per"] else None
        if m["sep"]:
            minute, style = int(m["m"]), ("24h" if h >= 13 or h_text.startswith("0") or h == 0 else "colon")
        elif m["hsep"] or m["heures"]:
            minute, style = int(m["hm"] or m["hm2"] or 0), "24h"
        else:
            minute, style = 0, ("24h" if h >= 13 else "bare")
        if m["plusn"] or m["plusw"]:
            minute = _minutes_of(m["plusn"] or m["plusw"])
        pre = text[m.start():h_start].strip()
        strong = bool(m["sep"] or m["hsep"] or m["heures"] or per or pre in ("الساعه", "ساعه", "الساعه", "للساعه", "لساعه"))
        if m["sep"] == "." and not (per or pre):
            strong = bool(re.search(r"(?:الساعه|a|at|vers)\s*$", text[max(0, m.start() - 10):m.start()]))
        if h == 24 and minute:
            continue
        out.append(_Raw(h_start if not strong else m.start(), m.end(), h, minute, per, style, strong, h_start))
    for m in _WORD.finditer(text):
        w_start = m.start("pre_end") if m["pre_end"] is not None else m.start()
        h = _HOUR_OF.get(re.sub(r"\s+", " ", text[w_start:m.start("w_end")]))
        if h is None:
            continue
        per = _PERIOD_OF.get(re.sub(r"\s+", " ", m["per"])) if m["per"] else None
        minute = _minutes_of(m["plus"]) if m["plus"] else 0
        if m["minus"]:
            h, minute = (h - 1) or 12, 60 - _minutes_of(m["minus"])
        strong = bool(m["pre_end"] is not None or per or m["plus"] or m["minus"])
        out.append(_Raw(m.start(), m.end(), h, minute, per, "word", strong))
    for m in _NAMED.finditer(text):
        n = m["n"]
        h = 12 if n in ("منتصف النهار", "midi", "noon") or "النهار" in n else 0
        out.append(_Raw(m.start(), m.end(), h, 0, "am" if h == 0 else "noon", "24h", True))
    out.sort(key=lambda r: (r.start, -r.end))
    dedup: list[_Raw] = []
    for r in out:
        if dedup and r.start < dedup[-1].end:
            continue
        dedup.append(r)
    return dedup


def find_times(text: str, hint_text: str | None = None) -> list[TimeMention]:
    """Every clock time or time range in folded ``text``, in text order.

    ``hint_text`` (same length) is where part-of-day words before a time are looked for.
    """
    raw = _raw_tokens(text)
    hints = hint_text if hint_text is not None else text
    found: list[TimeMention] = []
    i = 0
    while i < len(raw):
        a = raw[i]
        b = raw[i + 1] if i + 1 < len(raw) else None
        if b is not None and (a.strong or b.strong) and (
                _RANGE_SEP.match(text[a.end:b.start]) or b.hour_start > b.start and _RANGE_SEP.match(text[a.end:b.hour_start])):
            period_a = a.period
            if period_a is None and b.period is not None:
                period_a = b.period
            hint = None if period_a or a.style == "24h" else _hint(hints, a.start)
            h1, off1 = _apply(a.hour, period_a or hint, a.style)
            if a.period is None and b.period is not None:
                h_plain, _ = _apply(a.hour, None, "24h")
                h2_check, _ = _apply(b.hour, b.period, b.style)
                if h1 > h2_check and h_plain <= h2_check:
                    h1 = h_plain
            h2, _ = _apply(b.hour, b.period or (period_a or hint if b.style != "24h" else None), b.style)
            found.append(TimeMention(a.start, b.end, h1, a.minute, h2, b.minute, off1))
            i += 2
            continue
        if a.strong:
            hint = None if a.period or a.style == "24h" else _hint(hints, a.start)
            h, off = _apply(a.hour, a.period or hint, a.style)
            found.append(TimeMention(a.start, a.end, h, a.minute, None, None, off))
        i += 1
    return found


def _hint(text: str, pos: int) -> str | None:
    window = text[max(0, pos - _HINT_REACH):pos]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    words = list(_PRE_HINT.finditer(window))
    if not words:
        return None
    word = words[-1].group(1)  # the nearest one
    if word.startswith(("صباح", "الصباح")) or word in ("matin", "morning"):
        return "am"
    if "ظهر" in word:
        return "pm" if "بعد" in word else "noon"
    return "pm"


# "ويختتم الملتقى الاثنين الساعة 9:30 مساء", "الاختتام على الساعة 17:30", "clôture à 18h": the stated closing hour.
_CLOSING = compile_words(
    r"(?<![\w])(?:يختتم|تختتم|ويختتم|وتختتم|الاختتام|اختتام|الختام|وختام|ينتهي|تنتهي|وينتهي|وتنتهي|cloture|"
    r"se\s+termine(?:ra)?|fin\s+des\s+travaux|closing|closes|ends\s+at|wraps\s+up)(?![\w])[^.\n]{0,40}$"
)
# "ينتهي التسجيل الساعة 18:00" closes the registration, not the event.
_NOT_THE_EVENT = compile_words(r"(?<![\w])(?:(?:ال)?تسجيل|(?:ال)?ترشح|(?:ال)?تقديم|inscriptions?|registrations?|candidatures?)(?![\w])")


def closing_time(text: str, times: list[TimeMention]) -> TimeMention | None:
    """The time the text gives as the close of the whole event, if any."""
    for t in times:
        cue = _CLOSING.search(text, max(0, t.start - 45), t.start)
        if cue and not _NOT_THE_EVENT.search(cue.group()):
            return t
    return None


_DURATION_OF = {re.sub(r"\s+", " ", folded(k)): v for k, v in DURATION_WORDS.items()}
_DURATION = compile_words(
    r"(?<![\w])(?:لمده|مدتها|مدته|تستغرق|يستغرق|تدوم|يدوم|علي\s+مدي|duree|d'une\s+duree\s+de|pendant|"
    r"for|lasting|duration)\s*:?\s*(?:"
    r"(?P<n>[0-9]{1,2})\s*(?P<unit>ساعات|ساعه|دقيقه|دقائق|heures?|h|minutes?|mins?|hours?|hrs?)"
    r"(?:\s*(?:و|et|and)?\s*(?P<m>[0-5]?[0-9])\s*(?:دقيقه|دقائق|minutes?|mins?)?)?"
    r"|(?P<w>" + alternation(DURATION_WORDS) + r"))(?![\w])"
)
_MAX_DURATION = 12 * 60  # longer is a multi-day event or not a duration of the session


# "(90 دقيقة)", "(45 min)": a bare duration in brackets.
_BRACKETED_MINUTES = compile_words(r"\(\s*(?P<n>[0-9]{2,3})\s*(?:دقيقه|دقائق|د|minutes?|mins?|mn)\s*\)")


def find_duration(text: str) -> int | None:
    """Minutes of the first stated duration in folded ``text`` ("لمده ساعتين", "durée : 1h30"), or None."""
    bracketed = _BRACKETED_MINUTES.search(text)
    if bracketed and int(bracketed["n"]) <= _MAX_DURATION:
        return int(bracketed["n"])
    return _first_minutes(_DURATION, _DURATION_OF, text, _MAX_DURATION)


def _first_minutes(pattern: re.Pattern, words: dict[str, int], text: str, most: int) -> int | None:
    """The minutes of the first match of a duration-like ``pattern`` (groups n, unit, optional m, or w
    for a duration in ``words``) that are at most ``most``."""
    for m in pattern.finditer(text):
        if m["w"]:
            minutes = words.get(re.sub(r"\s+", " ", m["w"]))
        elif m["unit"].startswith(("دقي", "دقا", "min")):
            minutes = int(m["n"])
        else:
            minutes = int(m["n"]) * 60 + int(m.groupdict().get("m") or 0)
        if minutes and minutes <= most:
            return minutes
    return None


# A countdown: "بعد ساعة من الآن", "نبدأ بعد ربع ساعة", "in 30 minutes", "dans une heure". A reminder that
# names no clock time starts this long after it was posted.
_COUNTDOWN_WORDS = {**_DURATION_OF, **{re.sub(r"\s+", " ", folded(k)): v for k, v in {
    "ربع ساعة": 15, "a quarter of an hour": 15, "un quart d'heure": 15}.items()}}
_COUNTDOWN = compile_words(
    r"(?<![\w])(?:بعد|كمان|in|dans)\s+(?:(?P<n>[0-9]{1,3})\s*(?P<unit>ساعات|ساعه|دقيقه|دقائق|heures?|hours?|minutes?|mins?)"
    r"|(?P<w>" + alternation(_COUNTDOWN_WORDS) + r"))(?![\w])"
)
_MAX_COUNTDOWN = 6 * 60  # further off, a reminder gives the hour


def find_countdown(text: str) -> int | None:
    """Minutes from publication to the start a countdown in folded ``text`` states, or None."""
    return _first_minutes(_COUNTDOWN, _COUNTDOWN_WORDS, text, _MAX_COUNTDOWN)
