"""iCalendar feeds (Google, Nextcloud...) to Announcements: one per VEVENT occurrence, dates as given.

Recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded over a window that
starts at the fetch time, never the wall clock. Expansion runs in the event's local wall time so a
weekly 19:00 meeting stays at 19:00 across a DST change.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Iterator
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrulestr

from aggregator.errors import ParseError
from aggregator.models import Announcement, Source
from aggregator.sources.decode import decode_body
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.text import html_to_text

__all__ = ["parse_calendar", "HORIZON_DAYS", "MAX_OCCURRENCES"]

HORIZON_DAYS = 183  # "the coming months"
MAX_OCCURRENCES = 200  # per recurring event and fetch: a daily rule over six months


def parse_calendar(body: bytes, source: Source, fetched_at: datetime, report: ParseReport | None = None,
                   content_type: str = "", horizon_days: int = HORIZON_DAYS) -> Iterator[Announcement]:
    """Yield an Announcement per event (and per occurrence of recurring events within the horizon)."""
    report = report if report is not None else ParseReport()
    text, _ = decode_body(body, content_type)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise ParseError(f"not an iCalendar document ({exc})") from None
    default_tz = ZoneInfo(source.timezone)
    cal_tz = calendar.get("X-WR-TIMEZONE")
    if cal_tz:
        try:
            default_tz = ZoneInfo(str(cal_tz))
        except Exception:  # unknown zone name: keep the source's
            report.warn(f"unknown X-WR-TIMEZONE {cal_tz!r}; used {source.timezone}")
    window_start = fetched_at - timedelta(days=1)
    window_end = fetched_at + timedelta(days=horizon_days)
    overrides: dict[tuple[str, datetime], icalendar.Event] = {}
    masters = []
    for component in calendar.walk("VEVENT"):
        try:
            if component.get("RECURRENCE-ID") is not None:
                rid = _as_datetime(component.decoded("RECURRENCE-ID"), default_tz)
                overrides[(str(component.get("UID", "")), rid)] = component
            else:
                masters.append(component)
        except Exception as exc:  # one broken event never hides the others
            report.warn(f"skipped an event: {type(exc).__name__}: {exc}")
    for component in masters:
        try:
            yield from _announcements(component, source, fetched_at, default_tz, window_start, window_end, overrides, report)
        except Exception as exc:
            report.warn(f"skipped event {str(component.get('SUMMARY', ''))[:40]!r}: {type(exc).__name__}: {exc}")


def _announcements(component, source, fetched_at, default_tz, window_start, window_end, overrides, report):
    uid = str(component.get("UID") or "")
    if component.get("DTSTART") is None:
        report.warn(f"skipped event {str(component.get('SUMMARY', ''))[:40]!r}: no DTSTART")
        return
    start = _as_datetime(component.decoded("DTSTART"), default_tz)
    duration = _duration(component, start, default_tz)
    if component.get("RRULE") is None and component.get("RDATE") is None:
        yield _announcement(component, source, fetched_at, start, duration, uid or None, recurring=False)
        return
    seen = 0
    for occurrence in _occurrences(component, start, default_tz, window_start, window_end):
        seen += 1
        if seen > MAX_OCCURRENCES:
            report.warn(f"event {uid!r}: more than {MAX_OCCURRENCES} occurrences in the window; kept the first")
            return
        override = overrides.get((uid, occurrence))
        if override is not None:
            o_start = _as_datetime(override.decoded("DTSTART"), default_tz) if override.get("DTSTART") is not None else occurrence
            yield _announcement(override, source, fetched_at, o_start, _duration(override, o_start, default_tz) or duration,
                                f"{uid}@{occurrence.isoformat()}", recurring=True)
        else:
            yield _announcement(component, source, fetched_at, occurrence, duration, f"{uid}@{occurrence.isoformat()}", recurring=True)


def _occurrences(component, start: datetime, default_tz: tzinfo, window_start: datetime, window_end: datetime):
    zone = start.tzinfo or default_tz
    local_start = start.replace(tzinfo=None)
    until_limit = window_end.astimezone(zone).replace(tzinfo=None)
    lines = []
    for rule in _as_list(component.get("RRULE")):
        rule = dict(rule)
        until = rule.pop("UNTIL", None)
        if until:
            bound = until[0]
            if isinstance(bound, datetime):
                bound = bound.astimezone(zone).replace(tzinfo=None) if bound.tzinfo else bound
            else:
                bound = datetime.combine(bound, time(23, 59, 59))
            until_limit_rule = min(bound, until_limit)
        else:
            until_limit_rule = until_limit
        text = icalendar.vRecur(rule).to_ical().decode()
        lines.append((text, until_limit_rule))
    occurrences: set[datetime] = set()
    lower = window_start.astimezone(zone).replace(tzinfo=None)
    for text, limit in lines:
        if "FREQ=SECONDLY" in text or "FREQ=MINUTELY" in text:
            raise ValueError(f"refusing to expand {text!r}: no civic event repeats every minute")
        rule = rrulestr(text, dtstart=local_start)
        occurrences.update(rule.between(lower, limit, inc=True)[: 10 * MAX_OCCURRENCES])
    for rdate in _as_list(component.get("RDATE")):
        for value in rdate.dts:
            occurrences.add(_as_datetime(value.dt, zone).astimezone(zone).replace(tzinfo=None))
    excluded = set()
    for exdate in _as_list(component.get("EXDATE")):
        for value in exdate.dts:
            excluded.add(_as_datetime(value.dt, zone).astimezone(zone).replace(tzinfo=None))
    for local in sorted(occurrences - excluded):
        if lower <= local <= until_limit:
            yield local.replace(tzinfo=zone)


def _announcement(component, source: Source, fetched_at: datetime, start: datetime, duration: timedelta | None,
                  guid: str | None, recurring: bool) -> Announcement:
    title, _ = html_to_text(str(component.get("SUMMARY") or ""))
    description = str(component.get("DESCRIPTION") or "")
    text, links = html_to_text(description)
    url = str(component.get("URL") or "") or None
    location = str(component.get("LOCATION") or "")
    status = str(component.get("STATUS") or "").upper()
    if status == "CANCELLED":
        text = f"[CANCELLED]\n{text}".strip()
    if url and url not in links:
        links = (url, *links)
    if location.startswith(("http://", "https://")) and location not in links:
        links = (*links, location)
    published = None
    for key in ("CREATED", "DTSTAMP", "LAST-MODIFIED"):
        if component.get(key) is not None:
            value = component.decoded(key)
            if isinstance(value, datetime):
                published = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
                break
    return make_announcement(
        source, fetched_at, url=url, title=title, text=text, published=None if recurring else published,
        links=links, guid=guid or f"{title}@{start.isoformat()}", id_from_guid=True,
        starts_at=start, ends_at=start + duration if duration else None, location=location,
    )


def _duration(component, start: datetime, default_tz: tzinfo) -> timedelta | None:
    if component.get("DTEND") is not None:
        end = _as_datetime(component.decoded("DTEND"), start.tzinfo or default_tz)
        return end - start
    if component.get("DURATION") is not None:
        return component.decoded("DURATION")
    if not isinstance(component.decoded("DTSTART"), datetime):
        return timedelta(days=1)  # an all-day event lasts the day
    return None


def _as_datetime(value, zone: tzinfo) -> datetime:
    """DATE → local midnight; floating DATE-TIME → the calendar's zone; zoned values kept as given."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), zone)
    raise ValueError(f"not a date: {value!r}")


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
