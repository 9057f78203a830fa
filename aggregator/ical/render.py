"""Render events as an RFC 5545 / RFC 7986 calendar with the icalendar library."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

import icalendar
from icalendar import Parameters
from icalendar.prop.conference import Conference

from aggregator.ical.labels import PLATFORM_NAMES, labels
from aggregator.ical.timezones import vtimezone, zone
from aggregator.models import Event

__all__ = [
    "render_calendar",
    "render_event",
    "select_events",
    "event_uid",
    "is_cancelled",
    "PRODID",
    "UID_DOMAIN",
    "CANCELLED_KEEP_DAYS",
    "DEFAULT_DURATION",
]

PRODID = "-//civic-events-aggregator//iCal feeds 1.0//AR"
UID_DOMAIN = "civic-events-aggregator"
CANCELLED_KEEP_DAYS = 30
# An event without an end would be a zero-length instant, which several clients hide or
# draw as a sliver; webinars are announced with a start time only more often than not.
DEFAULT_DURATION = timedelta(hours=1)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|[\r\n\v\f\x85\u2028\u2029])\s*")
_SPACES = re.compile(r"[ \t]+")
_HTTP = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)
_ORG_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def one_line(text: str | None) -> str:
    """``text`` with line breaks and control characters folded into single spaces."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text:
        return text.strip()  # the common case, without three regex passes
    text = _LINE_BREAKS.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def plain_text(text: str | None) -> str:
    """``text`` with CRLF/CR normalized to LF and other control characters removed."""
    if not text:
        return ""
    if text.isprintable():
        return text.strip()
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", text).strip()


def http_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) URL, else None (no javascript:, data:, spaces)."""
    if url and _HTTP.match(url.strip()):
        return url.strip()
    return None


def event_uid(event_id: str) -> str:
    """The UID of an event: stable across renders, so a refresh updates instead of duplicating."""
    return f"{event_id}@{UID_DOMAIN}"


def is_cancelled(event: Event) -> bool:
    """Cancelled outright, or merged into another event (so the duplicate leaves calendars)."""
    return event.status == "cancelled" or bool(event.merged_into)


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def _local(value: datetime, zone_name: str) -> datetime:
    """``value`` in the event's zone as a ZoneInfo, never a fixed offset (which has no TZID)."""
    tz = zone(zone_name)
    return value.astimezone(tz) if tz is not None else _utc(value)


def _end(event: Event) -> datetime:
    if event.end is not None and event.end > event.start:
        return event.end
    return event.start + DEFAULT_DURATION


def select_events(events: Iterable[Event], *, now: datetime, past_days: int | None = 30) -> list[Event]:
    """The events a feed shows at ``now``, in feed order (start, then id).

    An event stays until ``past_days`` after its end (its start when it has none); a
    cancelled one also leaves ``CANCELLED_KEEP_DAYS`` after the cancellation was seen,
    long enough for every subscribed client to have refreshed and removed it.
    ``past_days=None`` keeps every event (the download of one event's .ics).
    """
    chosen = {}
    for event in events:
        if past_days is not None:
            if (event.end or event.start) < now - timedelta(days=past_days):
                continue
            if is_cancelled(event) and event.last_seen < now - timedelta(days=CANCELLED_KEEP_DAYS):
                continue
        chosen[event.event_id] = event  # one VEVENT per UID, the last one given wins
    return sorted(chosen.values(), key=lambda e: (_utc(e.start), e.event_id))


def _organizer_line(event: Event) -> str:
    names = []
    for org in event.organizers:
        name = one_line(org.name) or org.id
        if name not in names:
            names.append(name)
    return "، ".join(names)


def _description(event: Event, words: dict[str, str]) -> str:
    parts = []
    if event.merged_into:
        parts.append(words["merged"].format(uid=event_uid(event.merged_into)))
    elif event.status == "cancelled":
        parts.append(words["cancelled"])
    elif event.status == "postponed":
        if event.previous_start is not None:
            previous = _local(event.previous_start, event.timezone)
            parts.append(words["postponed_from"].format(previous=previous.strftime("%Y-%m-%d %H:%M")))
        else:
            parts.append(words["postponed_tbd"])
    body = plain_text(event.description)
    if body:
        parts.append(body)
    details = []
    organizers = _organizer_line(event)
    if organizers:
        details.append(f"{words['organizers']}: {organizers}")
    platform = PLATFORM_NAMES.get(event.platform or "", "")
    if platform:
        details.append(f"{words['platform']}: {platform}")
    join = http_url(event.join_url)
    if join:
        details.append(f"{words['join']}: {join}")
    if details:
        parts.append("\n".join(details))
    sources = [url for url in (http_url(u) for u in event.source_urls) if url]
    if sources:
        parts.append(f"{words['sources']}:\n" + "\n".join(sources))
    return "\n\n".join(parts)


def _categories(event: Event) -> list[str]:
    values: list[str] = []
    for org in event.organizers:
        if org.type and org.type not in values:
            values.append(org.type)
    if event.platform and event.platform not in values:
        values.append(event.platform)
    for country in _countries(event):
        if country not in values:
            values.append(country)
    return values


def _countries(event: Event) -> list[str]:
    found = [c.upper() for c in event.countries if c]
    found += [o.country.upper() for o in event.organizers if o.country]
    return sorted(set(found))


def _status(event: Event) -> str:
    if is_cancelled(event):
        return "CANCELLED"
    if event.status == "postponed" and event.previous_start is None:
        return "TENTATIVE"
    return "CONFIRMED"


def _summary(event: Event) -> str:
    return one_line(event.title) or _organizer_line(event) or event.event_id


class _Fields(NamedTuple):
    """What one VEVENT says, computed once and serialized by either writer below."""

    uid: str
    dtstamp: datetime
    created: datetime
    last_modified: datetime
    sequence: int
    start: datetime
    end: datetime
    summary: str
    description: str
    url: str | None
    join: str | None
    join_label: str
    categories: tuple[str, ...]
    status: str
    organizer: tuple[str, str] | None  # (uri, common name)


def _fields(event: Event, lang: str) -> _Fields:
    words = labels(lang)
    join = http_url(event.join_url)
    organizer = None
    if event.organizers:
        org = event.organizers[0]
        organizer = (f"urn:x-civic-events:org:{_safe_id(org.id)}", one_line(org.name) or org.id)
    return _Fields(
        uid=event_uid(event.event_id),
        # DTSTAMP is the time this revision was made, not the time of the HTTP request:
        # deriving it from last_seen keeps the bytes (and so the ETag) stable between renders.
        dtstamp=_utc(event.last_seen),
        created=_utc(event.first_seen),
        last_modified=_utc(event.last_seen),
        sequence=max(0, int(event.version)),
        start=_local(event.start, event.timezone),
        end=_local(_end(event), event.timezone),
        summary=_summary(event),
        description=_description(event, words),
        url=next((u for u in (http_url(s) for s in event.source_urls) if u), None),
        join=join,
        join_label=(PLATFORM_NAMES.get(event.platform or "", "") or words["join"]) if join else "",
        categories=tuple(_categories(event)),
        status=_status(event),
        organizer=organizer,
    )


def render_event(event: Event, *, lang: str = "ar") -> icalendar.Event:
    """One VEVENT built with icalendar: every time carries the event's TZID (or is UTC).

    This is the reference rendering; feeds use the byte-identical fast writer below, and
    tests/ical/test_fast_writer.py checks the two agree on generated events.
    """
    f = _fields(event, lang)
    vevent = icalendar.Event()
    vevent.add("UID", f.uid)
    vevent.add("DTSTAMP", f.dtstamp)
    vevent.add("CREATED", f.created)
    vevent.add("LAST-MODIFIED", f.last_modified)
    vevent.add("SEQUENCE", f.sequence)
    vevent.add("DTSTART", f.start)
    vevent.add("DTEND", f.end)
    vevent.add("SUMMARY", f.summary)
    if f.description:
        vevent.add("DESCRIPTION", f.description)
    if f.url:
        vevent.add("URL", f.url)
    if f.join:
        vevent.add("CONFERENCE", Conference(f.join, feature="VIDEO", label=f.join_label).to_uri())
        # Outlook, Google and older clients ignore CONFERENCE; LOCATION is what they show.
        vevent.add("LOCATION", f.join)
    if f.categories:
        vevent.add("CATEGORIES", list(f.categories))
    vevent.add("STATUS", f.status)
    # A webinar in a subscribed calendar should not make its reader look busy.
    vevent.add("TRANSP", "TRANSPARENT")
    if f.organizer:
        organizer = icalendar.vCalAddress(f.organizer[0])
        organizer.params["CN"] = f.organizer[1]
        vevent.add("ORGANIZER", organizer)
    return vevent


def _text(value: str) -> str:
    """TEXT escaping, the same replacements in the same order as icalendar's vText."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


@lru_cache(maxsize=4096)
def _params(*items: tuple[str, str]) -> str:
    # Few distinct values (platform labels, organizer names): quoting is worth caching.
    return Parameters(dict(items)).to_ical().decode("utf-8")


def _tzid_param(name: str) -> str:
    return _params(("TZID", name))


def _when(name: str, v: datetime) -> str:
    stamp = f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}"
    if v.tzinfo is timezone.utc:
        return f"{name}:{stamp}Z"
    return f"{name};{_tzid_param(v.tzinfo.key)}:{stamp}"


def _fold(data: bytes) -> bytes:
    """RFC 5545 folding exactly as icalendar's: at most 74 octets per segment, never inside
    a UTF-8 sequence, never right after a backslash or caret (so an escape stays whole)."""
    if len(data) <= _FOLD_AT:
        return data
    segments = []
    i = 0
    while len(data) - i > _FOLD_AT:
        j = i + _FOLD_AT
        while data[j] & 0xC0 == 0x80:
            j -= 1
        if data[j - 1] in b"\\^" and j - 1 > i:
            j -= 1
        segments.append(data[i:j])
        i = j
    segments.append(data[i:])
    return b"\r\n ".join(segments)


_FOLD_AT = 74


def _fast_event_bytes(event: Event, lang: str) -> bytes:
    """The bytes of render_event(event).to_ical(), written directly (about 10x faster).

    Property order is icalendar's: its canonical VEVENT order, then alphabetical.
    """
    f = _fields(event, lang)
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{_text(f.summary)}",
        _when("DTSTART", f.start),
        _when("DTEND", f.end),
        _when("DTSTAMP", f.dtstamp),
        f"UID:{_text(f.uid)}",
        f"SEQUENCE:{f.sequence}",
    ]
    if f.categories:
        lines.append("CATEGORIES:" + ",".join(_text(c) for c in f.categories))
    if f.join:
        params = _params(("FEATURE", "VIDEO"), ("LABEL", f.join_label), ("VALUE", "URI"))
        lines.append(f"CONFERENCE;{params}:{f.join}")
    lines.append(_when("CREATED", f.created))
    if f.description:
        lines.append(f"DESCRIPTION:{_text(f.description)}")
    lines.append(_when("LAST-MODIFIED", f.last_modified))
    if f.join:
        lines.append(f"LOCATION:{_text(f.join)}")
    if f.organizer:
        cn = _params(("CN", f.organizer[1]))
        lines.append(f"ORGANIZER;{cn}:{f.organizer[0]}")
    lines.append(f"STATUS:{f.status}")
    lines.append("TRANSP:TRANSPARENT")
    if f.url:
        lines.append(f"URL:{f.url}")
    lines.append("END:VEVENT")
    encoded = [line.encode("utf-8") for line in lines]
    return b"\r\n".join([e if len(e) <= _FOLD_AT else _fold(e) for e in encoded]) + b"\r\n"


def _safe_id(value: str) -> str:
    return value if _ORG_ID.match(value or "") else re.sub(r"[^A-Za-z0-9_.\-]", "-", value or "unknown")


_RENDERED: dict[tuple, bytes] = {}
_RENDERED_MAX = 100_000


def _event_key(event: Event, lang: str) -> tuple:
    # Only the fields a VEVENT shows: an Event may carry other (even unhashable) fields.
    return (
        event.event_id, event.title, event.start, event.end, event.timezone, event.platform, event.join_url,
        event.status, tuple(event.organizers), tuple(event.source_urls), event.first_seen, event.last_seen,
        event.version, event.description, event.previous_start, event.merged_into, tuple(event.countries), lang,
    )


def _event_bytes(event: Event, lang: str) -> bytes:
    # A rendered VEVENT is reused by every feed containing the same event revision: the
    # server re-renders filtered feeds often, and most of their events did not change.
    key = _event_key(event, lang)
    data = _RENDERED.get(key)
    if data is None:
        data = _fast_event_bytes(event, lang)
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[key] = data
    return data


def _default_zone(events: list[Event]) -> str:
    counts = Counter(e.timezone for e in events if zone(e.timezone) is not None)
    if not counts:
        return "UTC"
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def _timezones(events: list[Event]) -> list[bytes]:
    years: dict[str, tuple[int, int]] = {}
    for event in events:
        if zone(event.timezone) is None:
            continue
        first = _local(event.start, event.timezone).year
        last = _local(_end(event), event.timezone).year
        low, high = years.get(event.timezone, (first, last))
        years[event.timezone] = (min(low, first), max(high, last))
    return [vtimezone(name, low, high) for name, (low, high) in sorted(years.items())]


def render_calendar(
    events: Iterable[Event],
    *,
    name: str,
    description: str,
    now: datetime,
    past_days: int | None = 30,
    refresh: timedelta = timedelta(hours=1),
    lang: str = "ar",
    timezone_name: str | None = None,
    url: str | None = None,
) -> bytes:
    """The feed bytes of ``events`` as seen at ``now``.

    Byte-stable: the same events, ``now`` and arguments always give the same bytes
    (DTSTAMP comes from each event's last_seen, events and zones are sorted).

    Args:
        events: any events; those outside the window (see select_events) are left out.
        name, description: the calendar's NAME/X-WR-CALNAME and DESCRIPTION.
        now: the reference time for the past window.
        past_days: how long past events stay (None: no window, every event given).
        refresh: REFRESH-INTERVAL and X-PUBLISHED-TTL, how often clients should poll.
        lang: language of the words the feed writes itself (ar, fr, en).
        timezone_name: X-WR-TIMEZONE; default the zone most events use.
        url: where the feed is published (URL and SOURCE), when known.
    """
    chosen = select_events(events, now=now, past_days=past_days)
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # X- properties have no declared type, so icalendar would write them raw: vText
    # escapes them like NAME and DESCRIPTION (a newline must not end the line).
    calendar.add("NAME", one_line(name))
    calendar.add("X-WR-CALNAME", icalendar.vText(one_line(name)))
    if description:
        calendar.add("DESCRIPTION", plain_text(description))
        calendar.add("X-WR-CALDESC", icalendar.vText(plain_text(description)))
    calendar.add("REFRESH-INTERVAL", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(refresh))
    calendar.add("X-WR-TIMEZONE", timezone_name or _default_zone(chosen))
    if url:
        calendar.add("URL", url)
        calendar.add("SOURCE", url, parameters={"VALUE": "URI"})
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    parts = [head[: -len(end)]]
    parts.extend(_timezones(chosen))
    parts.extend(_event_bytes(event, lang) for event in chosen)
    parts.append(end)
    return b"".join(parts)
