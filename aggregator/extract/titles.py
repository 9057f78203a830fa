"""The event's title: a quoted title, or what follows بعنوان / تحت عنوان / حول / intitulé / titled."""

from __future__ import annotations

import re

from aggregator.extract.lexicon import MONTHS, WEEKDAYS, alternation
from aggregator.extract.patterns import compile_words

_WD = alternation(w for ws in WEEKDAYS.values() for w in ws)
_MON = alternation(w for ws in MONTHS.values() for w in ws)

__all__ = ["find_title", "quoted_spans"]

_QUOTED = compile_words(r"«\s*([^«»\n]{3,200}?)\s*»|“\s*([^“”\n]{3,200}?)\s*”|\"\s*([^\"\n]{3,200}?)\s*\"|"
                     r"„\s*([^“”\n]{3,200}?)\s*“|‹\s*([^‹›\n]{3,200}?)\s*›|‘\s*([^‘’\n]{3,200}?)\s*’")
# A quoted name right after one of these is the organizer's («جمعية «أصدقاء البيئة»), not the event's title.
_ORG_BEFORE = re.compile(
    r"(?:جمعيه|حزب|نقابه|اتحاد|منظمه|مركز|فريق|مؤسسه|شبكه|تنسيقيه|حركه|تجمع|رابطه|هيئه|مبادره|نادي|منتدي|"
    r"association|parti|syndicat|collectif|reseau|centre|network|union|group|party|movement|centre|center|club)\s*$"
)
# Markers are matched on the folded text; the title is cut from the clean text at the same offsets.
_MARKER = compile_words(
    r"(?<![\w])(?:تحت\s+عنوان|بعنوان|عنوانها|عنوانه|تحت\s+شعار|حول\s+موضوع|حول|في\s+موضوع|"
    r"intitulee?s?|sous\s+le\s+theme|sur\s+le\s+theme|autour\s+du\s+theme|ayant\s+pour\s+theme|sur|"
    r"titled|entitled|on\s+the\s+theme|on)(?![\w])\s*:?\s*"
)
_STOP = re.compile(
    r"[\n.!?؟|]|،\s|,\s|;|؛|\s-\s|\s–\s|(?<![\w])(?:يوم|وذلك|ذلك|الساعه|في\s+تمام|تمام|من(?=\s+\d)|will|aura|sera|se\s+tiendra|takes?\s+place|"
    r"يقام|تقام|سيقام|ستقام|علي\s+الساعه|عبر|يقدمها|يقدمه|يحاضر|"
    r"بمشاركه|بحضور|بتاريخ|مساء|صباح|غدا|اليوم(?!\s+ال)|الليله|ابتداء|انطلاقا|a\s+\d|via|sur\s+zoom|on\s+zoom|at|via|"
    r"by|par|tomorrow|today|demain|ce\s+soir|this|from|yesterday|hier|امس|البارحه|(?:le|du|des)\s+(?:\d|" + _WD + r")|de\s+\d|\d{1,2}[:h]\d\d|"
    r"(?:" + _WD + r")|(?:on\s+)?(?:" + _MON + r")(?=\.?\s+\d)|\d{1,2}(?:er|st|nd|rd|th)?\s+(?:" + _MON + r")(?![\w])|"
    # a clause about who came or how it went is not part of the subject
    r"شارك|يشارك|تشارك|وشارك|حضرها|حضره|حضره|الذي|التي|الذين|استقطب|اكد|اكدوا|واكد|اوصي|"
    r"attended|ont\s+participe|qui\s+a|qui\s+ont|brought|gathered|drew|attracted|was|were|a\s+reuni|a\s+rassemble|"
    r"animee?s?|moderated|presented\s+by|يديرها|يديره)(?![\w])"
)
# Where a title without quotes or markers says what it is about ("لمناقشة بدلات النقل", "autour du projet de loi").
_TOPIC = compile_words(
    r"(?<![\w])(?:لمناقشه|لعرض|لبحث|لمتابعه|لاستقبال|بخصوص|حول|عن|في\s+موضوع|بمناسبه|يتحدث\s+عن|"
    r"a\s+l'occasion\s+d[eu]|autour\s+du|autour\s+de\s+la|autour\s+des|consacree?\s+aux?|sur\s+la|sur\s+le|sur\s+les|"
    r"about|on\s+the|on(?!\s+(?:[0-9]|zoom|teams|youtube|facebook|google|microsoft|instagram|x|our|the)(?![\w])))(?![\w])\s*:?\s*"
)
_SEGMENT_END = re.compile(r"[\n.!?؟|،,;؛]|\s[-–/]\s")
_TOPIC_REACH = 220  # characters after the event noun where its subject is looked for
_SHORT_SEGMENT = 10  # words: a heading this short is the title as it stands
# English puts these before the noun ("online panel", "annual general meeting"); they belong to the phrase.
_MODIFIERS = frozenset(
    "online virtual public open annual monthly weekly live general national regional digital hybrid interactive "
    "special first second third extraordinary emergency book film press poetry music reading".split()
)
_STRIP = " \t\"'«»“”„‹›:-–—،,.()[]"


def quoted_spans(clean_text: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted phrase: a title that names a platform does not make the event held on it."""
    return [m.span() for m in _QUOTED.finditer(clean_text)]


def find_title(clean_text: str, folded_text: str, event_pos: int | None = None) -> str | None:
    """The title the announcement gives its event, or None.

    In order: a quoted title after a marker (بعنوان «...»), the first quoted phrase, the phrase after a
    marker (تحت عنوان, حول, intitulé), and else the phrase of the event noun at ``event_pos`` with its subject.
    """
    best = None
    for m in _QUOTED.finditer(clean_text):
        value = next(g for g in m.groups() if g)
        if value.lower().startswith(("http", "www")):
            continue
        before = folded_text[max(0, m.start() - 25):m.start()]
        if _ORG_BEFORE.search(before):
            continue
        if re.search(r"(?:عنوان|حول|شعار|intitul|theme|titled|entitled)\s*:?\s*$", before):
            return _tidy(value)  # after a marker even one word is the title: بعنوان «الانتظار»
        if len(value.split()) < 2:
            continue
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
    if event_pos is not None:
        return _event_phrase(clean_text, folded_text, event_pos)
    return None


def _event_phrase(clean_text: str, folded_text: str, pos: int) -> str | None:
    """"لقاء تفاعليا مع الأمين العام", or "لقاء — بدلات النقل وبداية العام الدراسي" when the subject comes later."""
    seg_start = max((m.end() for m in _SEGMENT_END.finditer(folded_text, 0, pos)), default=0)
    seg_end_m = _SEGMENT_END.search(folded_text, pos)
    seg_end = seg_end_m.start() if seg_end_m else len(folded_text)
    segment = clean_text[seg_start:seg_end]
    heading = ((seg_start == 0 or folded_text[seg_start - 1] in "\n|" or folded_text[max(0, seg_start - 3):seg_start].strip() in "-–/")
               and (seg_end_m is None or folded_text[seg_end_m.start()] in "\n|" or seg_end_m.group().strip() in "-–/"))
    if heading and 2 <= len(segment.split()) <= _SHORT_SEGMENT and not _STOP.search(folded_text, pos, seg_end):
        phrase = segment  # a heading line: "Syrian Archive – online listening session"
    else:
        rest = folded_text[pos:pos + 200]
        stop = _STOP.search(rest, 1)
        begin = pos
        for _ in range(6):
            word = re.search(r"(\S+)\s+$", folded_text[seg_start:begin])
            # "online panel", and the capitalized name of an English title: "the Palestinian Heritage Online Conference"
            if not word or not (word.group(1) in _MODIFIERS or clean_text[seg_start + word.start(1)].isupper()):
                break
            begin = seg_start + word.start(1)
        phrase = clean_text[begin:pos + (stop.start() if stop else len(rest))]
    phrase = _tidy(phrase)
    if len(phrase.split()) == 1 and seg_end_m and folded_text[seg_end_m.start()] in "|:":
        # "Webinar | Volunteering in Saudi cities: measuring social impact": the heading goes on
        nxt = _SEGMENT_END.search(folded_text, seg_end_m.end())
        more = _tidy(clean_text[seg_end_m.end():nxt.start() if nxt else len(clean_text)])
        if 2 <= len(more.split()) <= 15:
            phrase = f"{phrase}: {more}"
    topic_m = _TOPIC.search(folded_text, pos + len(phrase), pos + _TOPIC_REACH)
    if topic_m:
        rest = folded_text[topic_m.end():topic_m.end() + 200]
        stop = _STOP.search(rest)
        topic = _tidy(clean_text[topic_m.end():topic_m.end() + (stop.start() if stop else len(rest))])
        if len(topic.split()) >= 1 and topic not in phrase:
            phrase = f"{phrase} — {topic}" if phrase else topic
    return phrase or None


def _tidy(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(_STRIP)
    return value
