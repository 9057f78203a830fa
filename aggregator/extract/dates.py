"""Calendar dates in announcements: every month system, numeric and Hijri dates, relative days, weekdays."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

from aggregator.extract.lexicon import DAY_ORDINALS, HIJRI_MONTHS, MONTHS, WEEKDAYS, alternation, folded
from aggregator.extract.patterns import compile_words

__all__ = ["DateMention", "find_dates", "resolve_day_month"]


@dataclass(frozen=True)
class DateMention:
    """One date found in the folded text, resolved against the reference day."""

    start: int
    end: int
    day: date
    kind: str  # explicit | numeric | hijri | relative | weekday
    last_day: date | None = None  # multi-day ranges
    year_given: bool = True


def _lookup(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    out = {}
    for number, words in table.items():
        for word in words:
            out[re.sub(r"\s+", " ", folded(word))] = number
    return out


_MONTH_OF = _lookup(MONTHS)
_HIJRI_OF = _lookup(HIJRI_MONTHS)
_WEEKDAY_OF = _lookup(WEEKDAYS)
_ORDINAL_OF = {re.sub(r"\s+", " ", folded(word)): n for word, n in DAY_ORDINALS.items()}
_MON = alternation(w for ws in MONTHS.values() for w in ws)
_HMON = alternation(w for ws in HIJRI_MONTHS.values() for w in ws)
_WD = alternation(w for ws in WEEKDAYS.values() for w in ws)

_B = r"(?<![\w])"  # left word boundary that also holds after punctuation
_E = r"(?![\w])"
_ORD = r"(?:er|ere|st|nd|rd|th)?"
# A day of the month: digits ("15", "1er", "3rd") or an ordinal word ("الخامس عشر", "le premier").
_DAY = r"(?:[0-3]?[0-9]" + _ORD + r"(?![\d])|(?:" + alternation(DAY_ORDINALS) + r")" + _E + r")"
# Between the days of a range or list: "3 و4 و5", "du 3 au 5", "15 - 17", "Du dimanche 15 au jeudi 19".
# Only after a day in digits: "اليوم الأول – الثلاثاء 9 ديسمبر" is the 9th, not a range from the 1st.
_DAYSEP = (r"(?<=[\drtdh])\s*(?:-|/|و|الي|حتي|ل|au|a|to|and|et|&|,|،)\s*(?:يوم\s+)?(?:(?:" + _WD + r")\s*[,،]?\s+)?")
_YEAR = (r"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|العام|سنه|لسنه|لعام)?\s*(?P<year>(?:19|20)\d\d)(?!\d)"
         r"(?:\s*(?:م|ميلادي|ميلاديه)" + _E + r")?)?")

_DAY_MONTH = compile_words(
    r"(?<![\d:/.])(?P<d1>" + _DAY + r")(?:" + _DAYSEP + r"(?P<d2>" + _DAY + r")){0,3}"
    r"\s*(?:من\s+|of\s+)?(?:شهر\s+)?(?P<mon>" + _MON + r")" + _E + r"\.?"
    r"(?:\s*[/(\-]\s*(?:" + _MON + r")" + _E + r"\s*\)?)?" + _YEAR
)
_MONTH_DAY = compile_words(  # English style: March 12, 2026 / Mar 12-14
    _B + r"(?P<mon>" + _MON + r")\.?\s+(?P<d1>[0-3]?\d)" + _ORD + r"(?!\d)(?!\s*[:h.]\s*\d)"
    r"(?:\s*[-–]\s*(?P<d2>[0-3]?\d)" + _ORD + r"(?!\d))?" + _YEAR
)
# A day of the month of publication or of the next one: "يوم 22 من الشهر الجاري", "الخامس من الشهر المقبل",
# "le 10 du mois prochain", "from Tuesday 29 to Friday 2 of next month".
_OF_MONTH = compile_words(
    r"(?<![\d:/.])(?P<d1>" + _DAY + r")(?:" + _DAYSEP + r"(?P<d2>" + _DAY + r")){0,3}\s*(?:"
    r"(?:من\s+)?(?:ال)?شهر\s+(?P<rel>الجاري|الحالي|القادم|المقبل|الجاي|الاتي)"
    r"|من\s+هذا\s+الشهر|(?:من\s+)?(?P<cur>الجاري|الحالي)"
    r"|(?:du|de)\s+(?:ce\s+)?mois(?:\s+(?P<frel>prochain|en\s+cours|courant))?"
    r"|of\s+(?:the\s+)?(?P<erel>next|this|current|coming)\s+month)" + _E
)
_NEXT_MONTH_WORDS = ("القادم", "المقبل", "الجاي", "الاتي", "prochain", "next", "coming")
_NUMERIC = compile_words(
    r"(?<![\d/.:\-])(?P<a>[0-9]{1,4})\s*(?P<s>[/.\-])\s*(?P<b>\d{1,2})\s*(?P=s)\s*(?P<c>\d{1,4})(?![\d/:]|\.\d)"
)
_SHORT_NUMERIC = compile_words(
    r"(?:" + _WD + r"|يوم|بتاريخ|le|on)\s*[,،]?\s*(?P<a>[0-3]?\d)\s*/\s*(?P<b>[01]?\d)(?![\d/:.])"
)
_HIJRI = compile_words(
    r"(?<![\d:/.])(?P<d1>[0-3]?[0-9])\s*(?:من\s+)?(?:شهر\s+)?(?P<mon>" + _HMON + r")" + _E +
    r"(?:\s*(?:من\s+)?(?:عام|لعام|سنه)?\s*(?P<year>1[34]\d\d)(?!\d))?(?:\s*(?:ه|هجري|هجريه)" + _E + r")?"
)
_RELATIVE = compile_words(
    _B + r"(?:"
    r"(?:بعد\s+(?:ال)?غد|apres[- ]demain|the\s+day\s+after\s+tomorrow)(?P<after_tomorrow>)"
    r"|(?:غدا|غدوه|بكره|بكرا|(?:يوم|مساء|صباح|ظهر|ليله)\s+(?:ال)?غد|demain|tomorrow)(?P<tomorrow>)"
    r"|(?:(?:يوم\s+)?(?:ال)?امس|البارحه|امبارح|مبارح|hier|yesterday)(?P<yesterday>)"
    r"|(?:(?:(?:مساء|صباح|ظهر|عشيه)\s+)?(?:هذا\s+)?اليوم(?!\s+ال(?!ساعه|سبت|احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه))"
    r"|(?:هذه\s+)?الليله|هذا\s+المساء|aujourd'hui|ce\s+soir|cet\s+apres-midi|ce\s+matin|today|tonight|this\s+evening)(?P<today>)"
    r")" + _E
)
# Which weekday these name is read from the match afterwards (_weekday_in): a group may not open an
# alternative if the pattern is to be compiled to skip ahead (patterns.py).
_NEXT_WEEK = compile_words(
    _B + r"(?:(?:(?:الاسبوع|الاسبوع)\s+(?:المقبل|القادم|الجاي)\s*[,،]?\s*(?:يوم\s+)?(?:" + _WD + r"))"
    r"|(?:(?:يوم\s+)?(?:" + _WD + r")\s+(?:من\s+)?(?:الاسبوع\s+(?:المقبل|القادم)|de\s+la\s+semaine\s+prochaine))"
    r"|(?:next\s+week\s+on\s+(?:" + _WD + r")))" + _E
)
_WEEKDAY_REL = compile_words(
    _B + r"(?:(?:يوم\s+)?(?:" + _WD + r")\s+(?P<dir>المقبل|القادم|الجاي|الاتي|الماضي|المنصرم|الفائت|prochain|dernier)"
    r"|(?:next|last|this|coming)\s+(?:" + _WD + r"))" + _E
)
_WEEKDAY = compile_words(_B + r"(?P<wd>" + _WD + r")" + _E)


# A yearless date a few weeks before publication is that recent date (a late post, a report), not the
# same day eleven months later: the nearest plausible year wins.
_RECENT_PAST = timedelta(days=30)


def resolve_day_month(month: int, day: int, ref: date, backwards: bool) -> date | None:
    """The next (or, in a report, the last) occurrence of day/month around ``ref``; a date just past stays past."""
    if not backwards:
        for year in (ref.year, ref.year - 1):
            try:
                recent = date(year, month, day)
            except ValueError:
                continue
            if ref - _RECENT_PAST <= recent < ref:
                return recent
    for year in ((ref.year, ref.year - 1) if backwards else (ref.year, ref.year + 1)):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if backwards and candidate <= ref or not backwards and candidate >= ref:
            return candidate
    return None


def _make(y: int | None, m: int, d: int, ref: date, backwards: bool) -> date | None:
    if y is None:
        return resolve_day_month(m, d, ref, backwards)
    if y < 100:
        y += 2000
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_key(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _weekday_shift(ref: date, wd: int, direction: int) -> date:
    """Strictly after (direction 1) or strictly before (-1) ``ref``."""
    if direction > 0:
        return ref + timedelta(days=(wd - ref.weekday() - 1) % 7 + 1)
    return ref - timedelta(days=(ref.weekday() - wd - 1) % 7 + 1)


def find_dates(text: str, ref: date, backwards: bool = False) -> list[DateMention]:
    """Every date mention in folded ``text`` (URLs and ids already blanked), in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(m: re.Match, day: date | None, kind: str, last: date | None = None, year_given=True):
        if day is None or not free(m.start(), m.end()):
            return
        if last is not None and not (day < last <= day + timedelta(days=62)):
            last = None
        taken.append((m.start(), m.end()))
        found.append(DateMention(m.start(), m.end(), day, kind, last, year_given))

    for m in _OF_MONTH.finditer(text):
        which = m["rel"] or m["frel"] or m["erel"] or ""
        first_month = _add_months(ref, 1 if which in _NEXT_MONTH_WORDS else 0)
        d1, d2 = _day_number(m["d1"]), _day_number(m["d2"]) if m["d2"] else None
        if d2 is not None and d2 < d1:  # "from the 29th to the 2nd of next month": the range opens a month earlier
            last = _safe_date(first_month.year, first_month.month, d2)
            first_month = _add_months(first_month, -1)
        else:
            last = _safe_date(first_month.year, first_month.month, d2) if d2 else None
        add(m, _safe_date(first_month.year, first_month.month, d1), "explicit", last, False)
    for pattern in (_DAY_MONTH, _MONTH_DAY):  # "12 mars 2026" and "March 12, 2026" give the same mention
        for m in pattern.finditer(text):
            month = _MONTH_OF.get(_month_key(m["mon"]))
            if month is None:
                continue
            y = int(m["year"]) if m["year"] else None
            first = _make(y, month, _day_number(m["d1"]), ref, backwards)
            last = _make(first.year if first else y, month, _day_number(m["d2"]), ref, backwards) if m["d2"] else None
            add(m, first, "explicit", last, y is not None)
    for m in _NUMERIC.finditer(text):
        a, b, c = m["a"], int(m["b"]), m["c"]
        if len(a) == 4:
            if len(c) > 2:
                continue
            y, mo, d = int(a), b, int(c)
        elif len(a) <= 2 and len(c) in (2, 4):
            d, mo, y = int(a), b, int(c)
            if mo > 12 and d <= 12:
                d, mo = mo, d
        else:
            continue
        add(m, _make(y, mo, d, ref, backwards) if 1 <= mo <= 12 else None, "numeric")
    for m in _SHORT_NUMERIC.finditer(text):
        d, mo = int(m["a"]), int(m["b"])
        if 1 <= mo <= 12:
            add(m, _make(None, mo, d, ref, backwards), "numeric", year_given=False)
    for m in _HIJRI.finditer(text):
        hm = _HIJRI_OF.get(_month_key(m["mon"]))
        if hm is None:
            continue
        add(m, _hijri(int(m["year"]) if m["year"] else None, hm, int(m["d1"]), ref, backwards), "hijri")
    for m in _RELATIVE.finditer(text):
        if m.lastgroup == "after_tomorrow":
            day = ref + timedelta(days=2)
        elif m.lastgroup == "tomorrow":
            day = ref + timedelta(days=1)
        elif m.lastgroup == "yesterday":
            day = ref - timedelta(days=1)
        else:
            if re.search(r"(?:حتي|الي|منذ|jusqu'a|until)\s*$", text[max(0, m.start() - 8):m.start()]):
                continue
            day = ref
        add(m, day, "relative")
    for m in _NEXT_WEEK.finditer(text):
        wd = _weekday_in(m.group())
        monday_next = ref + timedelta(days=7 - ref.weekday())
        add(m, monday_next + timedelta(days=wd), "relative")
    for m in _WEEKDAY_REL.finditer(text):
        wd = _weekday_in(m.group())
        if m["dir"]:
            edir = None
            direction = -1 if m["dir"] in ("الماضي", "المنصرم", "الفائت", "dernier") else 1
        else:  # "next/last/this/coming <weekday>"
            edir = m.group().split(None, 1)[0]
            direction = -1 if edir == "last" else 1
        if edir == "this" and ref.weekday() == wd:
            add(m, ref, "relative")
        else:
            add(m, _weekday_shift(ref, wd, direction), "relative")
    for m in _WEEKDAY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        # A weekday right before an explicit date only names that date's day: the date wins.
        if any(0 <= other.start - m.end() <= 25 and other.kind != "weekday" for other in found):
            continue
        wd = _WEEKDAY_OF[_month_key(m["wd"])]
        if backwards:
            day = ref if ref.weekday() == wd else _weekday_shift(ref, wd, -1)
        else:
            day = ref if ref.weekday() == wd else _weekday_shift(ref, wd, 1)
        add(m, day, "weekday")
    found.sort(key=lambda f: f.start)
    return _join_ranges(found, text)


# "من 29 تشرين الأول إلى 2 تشرين الثاني 2025", "du 30 mars au 2 avril": two dates that make one range.
# A word range needs its opening word ("من", "du", "from"), so "postponed from 12 to 20 March" is not read as
# one; a dash needs none.
_RANGE_BETWEEN = compile_words(
    r"\s*(?:(?P<dash>-)|الي|حتي|لغايه|وحتي|au|to|until|till|jusqu'au)\s*(?:يوم\s+)?(?:(?:" + _WD + r")\s*[,،]?\s*)?$"
)
_RANGE_OPENER = compile_words(
    r"(?<![\w])(?:من|du|from|between|بين)\s*(?:(?:يوم|ايام)\s+)?(?:(?:" + _WD + r")\s*[,،]?\s*)?$"
)


def _join_ranges(found: list[DateMention], text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for mention in found:
        prev = out[-1] if out else None
        between = _RANGE_BETWEEN.match(text[prev.end:mention.start]) if prev is not None else None
        if (between and prev.kind == mention.kind == "explicit" and prev.last_day is None
                and (between["dash"] or _RANGE_OPENER.search(text[max(0, prev.start - 30):prev.start]))):
            first = prev.day
            if not prev.year_given and mention.year_given:
                year = mention.day.year - (1 if (first.month, first.day) > (mention.day.month, mention.day.day) else 0)
                first = _safe_date(year, first.month, first.day) or first
            if first < mention.day <= first + timedelta(days=62):
                out[-1] = DateMention(prev.start, mention.end, first, "explicit", mention.day,
                                      prev.year_given or mention.year_given)
                continue
        out.append(mention)
    return out


def _day_number(word: str) -> int:
    """15 from "15", "15th", "1er" or "الخامس عشر" (already folded)."""
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    return _ORDINAL_OF.get(re.sub(r"\s+", " ", word), 0)


def _add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_in(matched: str) -> int:
    """The weekday (Monday = 0) named in a matched phrase such as "الاسبوع المقبل يوم الثلاثاء"."""
    return _WEEKDAY_OF[_month_key(_WEEKDAY.search(matched)["wd"])]


def _hijri(year: int | None, month: int, day: int, ref: date, backwards: bool) -> date | None:
    try:
        if year is not None:
            return _to_date(Hijri(year, month, day).to_gregorian())
        ref_h = Gregorian(ref.year, ref.month, ref.day).to_hijri()
        for y in ((ref_h.year, ref_h.year - 1) if backwards else (ref_h.year, ref_h.year + 1)):
            try:
                g = _to_date(Hijri(y, month, day).to_gregorian())
            except (ValueError, OverflowError):
                continue
            if backwards and g <= ref or not backwards and g >= ref:
                return g
    except (ValueError, OverflowError):
        return None
    return None


def _to_date(g) -> date:
    return date(g.year, g.month, g.day)
