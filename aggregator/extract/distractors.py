"""Spans that look like dates or times but are not: meeting ids, passcodes, phone numbers, links."""

from __future__ import annotations

import re

from aggregator.extract.patterns import compile_words

__all__ = ["distractor_spans", "date_context_penalty", "new_date_bonus", "furniture_penalty"]

# Matched against folded text, which is lower case: no IGNORECASE, and [0-9] rather than \d, so the
# pattern can be compiled to skip ahead by first character (see patterns.py). Digits of other scripts
# were turned into ASCII by clean().
_ID_SPAN = compile_words(
    r"(?:meeting\s+id|webinar\s+id|id\s+de\s+(?:la\s+)?reunion|id\s+reunion|(?<![\w])id|معرف\s+(?:ال)?(?:اجتماع|الاجتماع|الندوه|اللقاء)|"
    r"معرف|رقم\s+(?:ال)?(?:اجتماع|الاجتماع|الندوه|اللقاء|الغرفه)|ايدي|الايدي|رمز\s+(?:ال)?(?:دخول|الدخول|المرور)|"
    r"كلمه\s+(?:ال)?(?:سر|السر|مرور|المرور)|الرمز\s+السري|الباسورد|باسورد|رمز|passcode|password|code\s+secret|"
    r"mot\s+de\s+passe|code\s+d'acces|code|pin|هاتف|الهاتف|جوال|الجوال|موبايل|واتساب|واتس\s+اب|للاستفسار|للتواصل|"
    r"للاتصال|tel|phone|whatsapp|mobile|contact)\s*[:：\-]?\s*(?:\(?\s*\+?[0-9][0-9\s\-.()]{2,}[0-9]|[0-9]+)"
)
_PHONE = compile_words(r"(?<![\w/])\+[0-9]{1,3}[\s\-.]?(?:\(?[0-9]+\)?[\s\-.]?){2,}[0-9]+|(?<![\d/.:\-])0[0-9]{8,10}(?!\d)|"
                       r"(?<![\d/.:\-])(?:[0-9]{2}[\s.]){4}[0-9]{2}(?![\d/:])|(?<![\d/.:\-])[0-9]{3}\s?[0-9]{3,4}\s?[0-9]{4}(?![\d/:])")


def distractor_spans(folded_text: str) -> list[tuple[int, int]]:
    """(start, end) of every meeting id, passcode and phone number in the folded text."""
    spans = [m.span() for m in _ID_SPAN.finditer(folded_text)]
    spans += [m.span() for m in _PHONE.finditer(folded_text)]
    return spans


# Words right before a date that make it someone else's date: deadlines, anniversaries, world days,
# names of historical events, dates a postponed event was first set for.
_DEADLINE = compile_words(
    r"(?:اخر\s+اجل|اخر\s+موعد|اجل\s+اقصاه|موعد\s+اقصاه|في\s+اجل|لا\s+يتعدي|لا\s+يتجاوز|تنتهي|ينتهي|انتهاء|"
    r"deadline|no\s+later\s+than|date\s+limite|avant\s+le|au\s+plus\s+tard|limite|apply\s+by|"
    r"كانت\s+مقرره|كان\s+مقررا|كانت\s+مبرمجه|كان\s+مبرمجا|المقرره|المقرر|المبرمجه|المبرمج|المزمع|المعلن\s+عنها|"
    r"مقرره|مقررا|مبرمجه|prevue?s?|initialement|originally|initially|planned\s+for|scheduled\s+for|"
    r"كان\s+من\s+المقرر|كان\s+يفترض)\s*(?:\S+\s+){0,4}?\(?\s*$"
    r"|(?<![\w])(?:قبل|حتي|حتي|لغايه|غايه|before|until|by|jusqu'au)\s+(?:\S+\s+)?\(?\s*$"
)
_NAMING = compile_words(
    r"(?:(?<![\w])(?:ال)?ذكر[يي]|anniversaire|anniversary|commemoration|احياء)\s*(?:\S+\s+){0,3}?\(?\s*$"
    r"|(?<![\w])(?:لل|ال)?يوم\s+(?:العالمي|الدولي|الوطني|العربي)\s+(?:\S+\s+){0,4}?\(?\s*$"
    r"|(?<![\w])journee\s+(?:internationale|mondiale|nationale)\s+(?:\S+\s+){0,5}?\(?\s*$"
    r"|(?<![\w])(?:world|international)\s+(?:\S+\s+){0,3}?day\s*[,(]?\s*(?:on\s+)?\(?\s*$"
    r"|(?<![\w])[لو]?(?:ثوره|الثوره|حراك|انتفاضه|احداث|مجزره|نكبه|حرب|اتفاقيه|اتفاق|دستور|انتخابات|مرسوم|قانون|"
    r"منذ|since|depuis|revolution|revolte|soulevement|هبه|مسيرات|عدوان)\s*\(?\s*$"
)


def date_context_penalty(before: str) -> int:
    """A penalty (>= 0) for a date whose preceding words make it not the event's date."""
    if _DEADLINE.search(before) or _NAMING.search(before):
        return 20
    return 0


# Page furniture: the date line of a page header or byline ("Publié le 28/10/2026 par la rédaction",
# "الجمعة 1 مايو 2026 | أخبار الجمعية") dates the page, not the event.
_BYLINE = compile_words(
    r"(?<![\w])(?:publie\s+le|publie|mis\s+a\s+jour|posted\s+on|published|updated|نشر\s+في|نشر\s+بتاريخ|"
    r"تاريخ\s+النشر|اخر\s+تحديث|نشر|par\s+la\s+redaction|بقلم)(?![\w])|\|"
)
_CLOCK = re.compile(r"\d{1,2}\s*[:h]\s*\d{0,2}|الساعه|تمام|\d\s*(?:pm|am|م|ص)(?![\w])")


def furniture_penalty(text: str, start: int, end: int, published_day: bool) -> int:
    """A penalty (>= 0) for a date that sits on a header or byline line with no clock time on it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _CLOCK.search(line):
        return 0
    if _BYLINE.search(line) or (published_day and line_start == 0 and line_end >= 0):
        return 8
    return 0


_FOR_NEW_DATE = compile_words(r"(?:الي|الي|لـ?|to|au|a)\s+(?:يوم\s+|تاريخ\s+|le\s+)?(?:\S+\s+)?$")


def new_date_bonus(before: str) -> int:
    return 6 if _FOR_NEW_DATE.search(before) else 0
