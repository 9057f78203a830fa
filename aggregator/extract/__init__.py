"""Announcement text -> Extraction: is it an event, when (exactly, in which zone), where online, under which title."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone as _utc_tz

from aggregator.countries import timezone_for_country
from aggregator.errors import ExtractionError
from aggregator.extract.classify import decide_event, read_cues
from aggregator.extract.dates import DateMention, find_dates
from aggregator.extract.distractors import date_context_penalty, distractor_spans, furniture_penalty, new_date_bonus
from aggregator.extract.normalize import blank, clean, fold
from aggregator.extract.platforms import detect_platform, find_urls
from aggregator.extract.times import TimeMention, closing_time, find_countdown, find_duration, find_times
from aggregator.extract.timezones import ZoneMention, find_zones, localize, zone_info
from aggregator.extract.titles import find_title, quoted_spans
from aggregator.models import Extraction

__all__ = ["extract", "MAX_CHARS"]

# Announcements are short; beyond this only the head is read, so a 1 MB page costs what 40 kB cost.
MAX_CHARS = 40_000

_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<[^>]{0,2000}>", re.S | re.I)
_HREF = re.compile(r"<a\s[^>]{0,500}?href\s*=\s*[\"']([^\"'<>\s]{1,2000})[\"'][^>]{0,500}>", re.I)
# How much a kind of date mention is trusted as the event's date before its context is weighed.
# A written day and month (explicit, numeric) say the most; a Hijri date is often the gloss of a
# Gregorian one; "غدا" / "lundi prochain" are exact but also appear in reminders about something else;
# a bare weekday is the weakest (it often only names the day of a written date). The gaps are wider
# than any context bonus (+1 year given, +3 clock time nearby) so that context only breaks ties within
# one kind, while a deadline or anniversary penalty (-20 in distractors.py) rules a mention out.
_BASE = {"explicit": 10, "numeric": 10, "hijri": 8, "relative": 7, "weekday": 4}
_YEAR_BONUS = 1  # among explicit dates, the one with its year written
_NEAR_TIME_BONUS = 3  # a clock time right after (90 chars) or before (50) the date belongs to it
_NEAR_TIME_AFTER, _NEAR_TIME_BEFORE = 90, 50
_GLOSSED_HIJRI_PENALTY = 6  # a Hijri date next to a Gregorian one: the Gregorian date wins


def extract(
    text: str,
    published: datetime,
    *,
    country: str | None = None,
    timezone: str | None = None,
    title: str | None = None,
) -> Extraction:
    """Interpret one announcement. Pure: ``published`` is the reference time, never now().

    Raises ExtractionError when the inputs themselves are unusable (not text, no reference time,
    unknown zone); any text at all gives an Extraction.
    """
    if not isinstance(text, str):
        raise ExtractionError(f"text must be a string, got {type(text).__name__}")
    if not isinstance(published, datetime):
        raise ExtractionError("published must be a datetime (the post's publication time)")
    if published.tzinfo is None or published.utcoffset() is None:
        published = published.replace(tzinfo=_utc_tz.utc)
    default_zone = timezone or timezone_for_country(country) or "UTC"
    if zone_info(default_zone) is None:
        raise ExtractionError(f"unknown time zone {default_zone!r}: give an IANA name such as 'Africa/Tunis'")
    try:
        return _extract(text, published, default_zone, title)
    except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise ExtractionError(f"could not interpret the announcement: {exc}") from exc


def _prepare(text: str) -> str:
    text = text[: MAX_CHARS * 2]
    if "<" in text and ">" in text:
        text = _HREF.sub(r" \1 ", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text[:MAX_CHARS]


def _extract(text: str, published: datetime, default_zone: str, given_title: str | None) -> Extraction:
    # Three views of the same text, all of one length so that an offset found in one holds in all:
    # cleaned (what titles and links are cut from), folded (what the grammar matches), and folded with
    # links, meeting ids and phone numbers blanked (where dates, times and cue words are looked for).
    cleaned = clean(_prepare(text))
    folded = fold(cleaned)
    urls = find_urls(cleaned, folded)
    spans = distractor_spans(folded) + [(s, e) for s, e, _ in urls]
    searchable = blank(folded, spans)

    cues = read_cues(searchable)
    backwards = cues.report > 0 and cues.report >= cues.announce
    zones = find_zones(searchable)
    ref_zone = zones[0].zone if zones else default_zone
    ref_day = published.astimezone(zone_info(ref_zone) or zone_info("UTC")).date()

    dates = find_dates(searchable, ref_day, backwards)
    without_dates = blank(searchable, [(d.start, d.end) for d in dates])
    times = find_times(without_dates, searchable)
    status = cues.status
    chosen = _choose_date(dates, times, searchable, status, ref_day)
    closing = closing_time(without_dates, times)
    when = _choose_time(chosen, [t for t in times if t is not closing] or times)
    zone_name = _choose_zone(when, zones, times) or default_zone
    zone = zone_info(zone_name) or zone_info("UTC")

    platform, join_url = detect_platform(blank(folded, quoted_spans(cleaned)), urls)
    # "بعد ساعة" with no clock time and no other day: the start is that long after publication
    countdown = find_countdown(searchable) if when is None and (chosen is None or chosen.day == ref_day) else None
    is_event = decide_event(cues, platform, chosen is not None, when is not None or countdown is not None)
    if not is_event:
        return Extraction(is_event=False)

    start = end = None
    if countdown is not None:
        start = _round_quarter(published + timedelta(minutes=countdown)).astimezone(zone)
    elif chosen is not None or when is not None:
        day = chosen.day if chosen is not None else published.astimezone(zone).date()
        if when is not None:
            start = localize(day, when.hour, when.minute, zone, when.day_offset)
        else:
            start = localize(day, 0, 0, zone)
        last_day = chosen.last_day if chosen is not None else None
        if closing is not None and closing is not when:
            # A programme closes on the day of its last dated heading before the closing hour.
            headings = [d for d in dates if d.start < closing.start and d.day >= day]
            close_day = (headings[-1].last_day or headings[-1].day) if headings else (last_day or day)
            end = localize(max(close_day, last_day or day), closing.hour, closing.minute, zone, closing.day_offset)
            while end <= start:
                end += timedelta(days=1)
        elif when is not None and when.end_hour is not None:
            end = localize(last_day or day, when.end_hour, when.end_minute or 0, zone, when.day_offset)
            while end <= start:
                end += timedelta(days=1)
        elif when is not None:
            minutes = find_duration(searchable)  # "لمدة ساعتين": the end is the start plus the duration
            if minutes is not None:
                end = (start.astimezone(_utc_tz.utc) + timedelta(minutes=minutes)).astimezone(zone)

    online = cues.online or platform is not None
    hybrid = online and (cues.in_person or cues.hybrid_word)
    if cues.hybrid_word:
        online = hybrid = True
    past = ((end or start) < published) if start is not None else backwards
    found_title = find_title(cleaned, folded, cues.event_pos) or _tidy_given(given_title)
    return Extraction(
        is_event=True,
        online=online,
        hybrid=hybrid,
        start=start,
        end=end,
        timezone=zone_name,
        platform=platform,
        join_url=join_url,
        title=found_title,
        status=status,
        past=past,
    )


def _round_quarter(t: datetime) -> datetime:
    """The nearest quarter hour: "in an hour" posted at 18:58 means a 20:00 start, not 19:58."""
    quarter = timedelta(minutes=15)
    hour = t.replace(minute=0, second=0, microsecond=0)
    return hour + quarter * round((t - hour) / quarter)


def _tidy_given(title: str | None) -> str | None:
    if not title or not isinstance(title, str):
        return None
    return re.sub(r"\s+", " ", clean(title)).strip() or None


def _choose_date(dates: list[DateMention], times: list[TimeMention], text: str, status: str,
                 published_day) -> DateMention | None:
    best, best_score = None, None
    for d in dates:
        score = 0
        if len(dates) > 1:
            score -= furniture_penalty(text, d.start, d.end, d.day == published_day)
        score += _BASE[d.kind] + (_YEAR_BONUS if d.year_given and d.kind != "relative" else 0)
        before = text[max(0, d.start - 70):d.start]
        score -= date_context_penalty(before)
        if status == "postponed":
            score += new_date_bonus(before)
        if any(0 <= t.start - d.end <= _NEAR_TIME_AFTER or 0 <= d.start - t.end <= _NEAR_TIME_BEFORE for t in times):
            score += _NEAR_TIME_BONUS
        if d.kind == "hijri" and any(o.kind in ("explicit", "numeric") and abs(o.start - d.start) < 60 for o in dates):
            score -= _GLOSSED_HIJRI_PENALTY
        if best_score is None or score > best_score:
            best, best_score = d, score
    return best


def _choose_time(chosen: DateMention | None, times: list[TimeMention]) -> TimeMention | None:
    if not times:
        return None
    if chosen is None:
        return times[0]
    after = [t for t in times if 0 <= t.start - chosen.end <= 250]
    if after:
        return after[0]
    before = [t for t in times if 0 <= chosen.start - t.end <= 120]
    if before:
        return before[0]
    return times[0]


def _choose_zone(when: TimeMention | None, zones: list[ZoneMention], times: list[TimeMention]) -> str | None:
    if not zones:
        return None
    if when is not None:
        nxt = [t.start for t in times if t.start > when.end]
        limit = min(nxt) if nxt else len(zones) and 10**9
        for z in zones:
            if when.end <= z.start <= when.end + 70 and z.start < limit:
                return z.zone
    return zones[0].zone
