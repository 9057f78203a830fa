"""iCalendar feeds (Google, Nextcloud...) to Announcements: one per VEVENT occurrence, dates as given.

Recurring events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded over a window that
starts at the fetch time, never the wall clock. Expansion runs in the event's local wall time so a
weekly 19:00 meeting stays at 19:00 across a DST change.

The work is bounded before anything is expanded, since a 1 KB rule can ask for millions of instances:
a rule repeating more often than daily or more than ``MAX_PER_DAY`` times a day is refused (read from
the parsed rule, not its text); a rule without COUNT starts iterating one period before the window
rather than at a DTSTART decades back; a COUNT rule that would need more than ``MAX_PERIODS`` periods
to reach the window is refused; instances are drawn lazily up to ``MAX_OCCURRENCES`` per event and
``MAX_INSTANCES`` per calendar. Each refusal is a warning, and the other events are kept.

recurring-ical-events was measured for this and not adopted: it needs python-dateutil<3 (this build
pins 4.0), and it expands with ``rrule.between()``, which builds the whole window's list first.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice
from typing import Iterator
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import DAILY, HOURLY, MONTHLY, WEEKLY, YEARLY, rrulestr

from aggregator.errors import ParseError
from aggregator.models import Announcement, Source
from aggregator.sources.decode import decode_body
from aggregator.sources.items import ParseReport, make_announcement
from aggregator.sources.text import html_to_text

__all__ = ["parse_calendar", "HORIZON_DAYS", "MAX_OCCURRENCES", "MAX_INSTANCES", "MAX_PER_DAY", "MAX_PERIODS", "MAX_DRAWS"]

HORIZON_DAYS = 183  # "the coming months"
MAX_OCCURRENCES = 200  # per recurring event and fetch: a daily rule over six months
MAX_INSTANCES = 5000  # per calendar and fetch, all events together
MAX_PER_DAY = 24  # instances a rule may produce in one day (BYHOUR x BYMINUTE x BYSECOND)
MAX_PERIODS = 5000  # periods (days, weeks...) a COUNT rule may be iterated through from its DTSTART
MAX_DRAWS = 20000  # instances a rule may produce before the window starts
_SATISFIABLE_DAYS = 28 * 366  # weekdays and leap years repeat within 28 years (inside a century)
_PERIOD = {HOURLY: timedelta(hours=1), DAILY: timedelta(days=1), WEEKLY: timedelta(weeks=1)}
_PERIOD_DAYS = {HOURLY: 1 / 24, DAILY: 1, WEEKLY: 7, MONTHLY: 28, YEARLY: 365}
_FREQS = {"HOURLY": HOURLY, "DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}


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
    produced = 0
    for component in masters:
        try:
            for announcement in _announcements(component, source, fetched_at, default_tz, window_start, window_end,
                                               overrides, report):
                produced += 1
                if produced > MAX_INSTANCES:
                    report.warn(f"more than {MAX_INSTANCES} events and occurrences in the window; kept the first")
                    return
                yield announcement
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
    """Local starts of the instances in the window, in order; bounded before expansion (see the module)."""
    zone = start.tzinfo or default_tz
    local_start = start.replace(tzinfo=None)
    lower = window_start.astimezone(zone).replace(tzinfo=None)
    upper = window_end.astimezone(zone).replace(tzinfo=None)
    occurrences: set[datetime] = set()
    for recur in _as_list(component.get("RRULE")):
        occurrences.update(islice(_rule_instances(recur, local_start, zone, lower, upper), MAX_OCCURRENCES + 1))
    for rdate in _as_list(component.get("RDATE")):
        for value in rdate.dts:
            occurrences.add(_as_datetime(value.dt, zone).astimezone(zone).replace(tzinfo=None))
    excluded = set()
    for exdate in _as_list(component.get("EXDATE")):
        for value in exdate.dts:
            excluded.add(_as_datetime(value.dt, zone).astimezone(zone).replace(tzinfo=None))
    for local in sorted(occurrences - excluded):
        if lower <= local <= upper:
            yield local.replace(tzinfo=zone)


def _rule_instances(recur, local_start: datetime, zone: tzinfo, lower: datetime, upper: datetime) -> Iterator[datetime]:
    """One RRULE's instances between ``lower`` and ``upper`` (naive local times), drawn lazily.

    COUNT and UNTIL are taken out of the rule: UNTIL (capped at the window's end) is given to dateutil,
    which stops at the first instance past it, and COUNT is applied while drawing (dateutil refuses both).
    """
    rule = {key.upper(): value for key, value in dict(recur).items()}
    freq = _FREQS.get(str((rule.get("FREQ") or [""])[0]).upper())
    if freq is None:
        raise ValueError(f"refusing to expand FREQ={rule.get('FREQ')}: only HOURLY to YEARLY rules are expanded")
    interval = int((rule.get("INTERVAL") or [1])[0])
    if interval < 1:
        raise ValueError(f"INTERVAL={interval} is not a positive number")
    per_day = len(set(rule.get("BYMINUTE") or [0])) * len(set(rule.get("BYSECOND") or [0]))
    per_day *= -(-24 // interval) if freq == HOURLY else len(set(rule.get("BYHOUR") or [0]))
    if per_day > MAX_PER_DAY:
        raise ValueError(f"refusing to expand a rule with up to {per_day} instances a day (more than {MAX_PER_DAY}); "
                         "no civic event repeats that often")
    count = rule.pop("COUNT", None)
    count = int(count[0] if isinstance(count, list) else count) if count else None
    until = rule.pop("UNTIL", None)
    limit = upper
    if until:
        bound = until[0]
        if isinstance(bound, datetime):
            bound = bound.astimezone(zone).replace(tzinfo=None) if bound.tzinfo else bound
        else:
            bound = datetime.combine(bound, time(23, 59, 59))
        limit = min(bound, upper)
    if limit < lower:
        return
    first = local_start
    if count is None and freq in _PERIOD:
        # Whole steps keep the rule's phase (weekday, week parity, time of day); dateutil would
        # otherwise walk every period from a DTSTART that may be decades old.
        step = _PERIOD[freq] * interval
        if first < lower - step:
            first += step * ((lower - step - first) // step)
    else:
        periods = (limit - first).total_seconds() / 86400 / (_PERIOD_DAYS[freq] * interval)
        if periods > MAX_PERIODS:
            raise ValueError(f"refusing to expand a rule that needs {int(periods)} periods from its DTSTART to reach "
                             f"the window (more than {MAX_PERIODS})")
    if rule.get("BYEASTER"):
        raise ValueError("refusing to expand BYEASTER, which RFC 5545 does not define")
    if rule.get("BYWEEKNO") and (freq != YEARLY or any(rule.get(k) for k in ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYSETPOS"))):
        raise ValueError("refusing BYWEEKNO outside a plain YEARLY rule")
    if freq == HOURLY and (rule.get("BYSETPOS") or interval > 24):
        raise ValueError("refusing an HOURLY rule with BYSETPOS or an INTERVAL over 24 hours")
    text = icalendar.vRecur(rule).to_ical().decode()
    expanded = rrulestr(text, dtstart=first, ignoretz=True).replace(until=limit)
    # dateutil checks UNTIL only on an instance it found: a rule no day satisfies (30 February) would
    # be walked period by period to the year 9999. So first look for a day that satisfies it, in the
    # 28 years from its start (day patterns repeat within them) and in the window itself.
    start_day = first.date()
    ranges = [(start_day, start_day + timedelta(days=_SATISFIABLE_DAYS))]
    if lower.date() - timedelta(days=366) > ranges[0][1]:
        ranges.append((lower.date() - timedelta(days=366), limit.date()))
    if not _occurs_within(expanded, start_day, ranges):
        return
    drawn = 0
    for instance in expanded:
        drawn += 1
        if count is not None and drawn > count:
            return
        if instance >= lower:
            yield instance
        elif drawn > MAX_DRAWS:
            raise ValueError(f"refusing to draw more than {MAX_DRAWS} instances before the window starts")


def _occurs_within(rule, start: date, ranges: list[tuple[date, date]]) -> bool:
    """Whether a day of ``ranges`` in a period the rule visits (from ``start``, every INTERVAL) passes
    the rule's day filters and, with BYSETPOS, its period has enough candidates. Read from dateutil's
    normalized rule, so with dateutil's semantics (filters ANDed, ordinal weekdays within the month
    or the year)."""
    bymonth, mdays, nmdays, ydays = rule._bymonth, rule._bymonthday, rule._bynmonthday, rule._byyearday
    wdays, nwdays, freq, setpos, wkst = rule._byweekday, rule._bynweekday, rule._freq, rule._bysetpos, rule._wkst
    interval = rule._interval
    per_day = len(rule._timeset or ()) or 1  # instances per passing day (HOURLY, which has none, takes no BYSETPOS)
    need = min(abs(p) for p in setpos) if setpos else 1
    in_month = freq == MONTHLY or (freq == YEARLY and bymonth)
    start_week = start - timedelta(days=(start.weekday() - wkst) % 7)
    counts: dict = {}
    for first, last in ranges:
        day = first
        while day <= last:
            y, m, d = day.year, day.month, day.day
            if freq == YEARLY:
                key, visited = y, (y - start.year) % interval == 0
            elif freq == MONTHLY:
                key, visited = (y, m), ((y - start.year) * 12 + m - start.month) % interval == 0
            elif freq == WEEKLY:
                key = day - timedelta(days=(day.weekday() - wkst) % 7)
                visited = ((key - start_week).days // 7) % interval == 0
            elif freq == DAILY:
                key, visited = day, (day - start).days % interval == 0
            else:
                key, visited = day, True
            day += timedelta(days=1)
            if not visited:
                continue
            dim = monthrange(y, m)[1]
            diy = 366 if isleap(y) else 365
            yday = (date(y, m, d) - date(y, 1, 1)).days + 1
            wd = date(y, m, d).weekday()
            if (bymonth and m not in bymonth) or ((mdays or nmdays) and d not in mdays and d - dim - 1 not in nmdays) \
                    or (ydays and yday not in ydays and yday - diy - 1 not in ydays) or (wdays and wd not in wdays):
                continue
            if nwdays:
                if in_month:
                    forward, backward = (d - 1) // 7 + 1, -((dim - d) // 7 + 1)
                else:
                    forward, backward = (yday - 1) // 7 + 1, -((diy - yday) // 7 + 1)
                if not any(w == wd and n in (forward, backward) for w, n in nwdays):
                    continue
            counts[key] = counts.get(key, 0) + per_day
            if counts[key] >= need:
                return True
    return False


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
