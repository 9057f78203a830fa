"""Parsing of the user-facing parameters shared by the overlaps/trends commands and HTTP API."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Collection, Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

__all__ = ["parse_duration", "parse_datetime", "parse_date_bound", "parse_local_datetime", "check_zone",
           "check_values", "BY_FIELDS", "INTERVALS"]

# trends: --by / by= value -> field of the events index, and the calendar intervals counted over
BY_FIELDS = {
    "org_type": "org_types",
    "country": "countries",
    "platform": "platform",
    "organizer": "organizer_ids",
    "status": "status",
    "topic": "",  # not a field: named queries on the analysed title and description (index.trends)
}
INTERVALS = ("day", "week", "month", "quarter", "year")

_DURATION = re.compile(r"^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", re.I)


def parse_duration(text: str) -> timedelta:
    """'90m', '1h30m', '2h', '1d', or a plain number of minutes."""
    text = str(text).strip()
    if text.isdigit():
        return timedelta(minutes=int(text))
    match = _DURATION.match(text)
    if not text or not match or not any(match.groups()):
        raise ValueError(f"{text!r} is not a duration: write e.g. 90m, 1h30m, 2h")
    days, hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes)


def parse_datetime(text: str) -> datetime:
    """ISO-8601 with a UTC offset (2026-03-12T20:00+01:00, or Z)."""
    try:
        value = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO-8601 date-time, e.g. 2026-03-12T20:00+01:00") from None
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset: add one, e.g. 2026-03-12T20:00+01:00")
    return value


def parse_date_bound(text: str | None) -> datetime | None:
    """A date (2026-03-01, taken as 00:00 UTC) or a date-time with offset; None stays None."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text).strip()
    if len(text) == 10:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a date, e.g. 2026-03-01") from None
        return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return parse_datetime(text)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(n for n in zoneinfo.available_timezones()
                     if n == "UTC" or ("/" in n and not n.startswith(("posix/", "right/"))))


def check_zone(name: str, parameter: str = "tz") -> zoneinfo.ZoneInfo:
    """An IANA zone name (Africa/Tunis, UTC) as a ZoneInfo; ValueError naming ``parameter`` otherwise."""
    if name not in _zones():
        raise ValueError(f"{parameter} {name[:40]!r} is not an IANA time zone, e.g. Africa/Tunis, Africa/Casablanca or UTC")
    return zoneinfo.ZoneInfo(name)


def parse_local_datetime(text: str, zone: str | None, *, parameter: str = "start", zone_parameter: str = "tz") -> datetime:
    """A wall-clock time in ``zone`` ("2026-03-12 20:00"), or an ISO-8601 date-time with an offset.

    The offset a zone has on that day comes from the tz database, so a local time on either side
    of a switch (Morocco leaves UTC+1 for Ramadan) gets the offset of its own day. A time the
    switch skips, or one it repeats, is refused: only an explicit offset says which one is meant.
    """
    raw = str(text).strip()
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{parameter} {raw[:40]!r} is not a date and time: write e.g. \"2026-03-12 20:00\" "
                         f"with {zone_parameter}, or 2026-03-12T20:00+01:00") from None
    if value.tzinfo is not None:
        return value  # an explicit offset says everything; the zone only changes how times are shown
    if not zone:
        raise ValueError(f"{parameter} {raw[:40]!r} has no UTC offset: give {zone_parameter} (e.g. Africa/Tunis) "
                         "or an offset (2026-03-12T20:00+01:00)")
    tz = check_zone(zone, zone_parameter)
    first, second = value.replace(tzinfo=tz, fold=0), value.replace(tzinfo=tz, fold=1)
    back = first.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None)
    if back != value:
        raise ValueError(f"{parameter} {raw[:40]!r} does not exist in {zone}: the clocks skip it that day "
                         f"(they move from UTC{_offset(first)} to UTC{_offset(second)}); pick another time "
                         "or give an offset")
    if first.utcoffset() != second.utcoffset():
        raise ValueError(f"{parameter} {raw[:40]!r} happens twice in {zone} (the clocks go back that night): give the "
                         f"offset, {value:%Y-%m-%dT%H:%M}{_offset(first)} or {value:%Y-%m-%dT%H:%M}{_offset(second)}")
    return first


def _offset(value: datetime) -> str:
    text = value.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def check_values(parameter: str, values: Iterable[str], accepted: Collection[str]) -> None:
    """ValueError naming ``parameter`` and every accepted value when one of ``values`` is not accepted."""
    for value in values:
        if value not in accepted:
            raise ValueError(f"unknown {parameter} {value[:40]!r}; accepted: {', '.join(accepted)}")
