"""Parsing of the user-facing parameters shared by the overlaps/trends commands and HTTP API."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["parse_duration", "parse_datetime", "parse_date_bound", "BY_FIELDS", "INTERVALS"]

# trends: --by / by= value -> field of the events index, and the calendar intervals counted over
BY_FIELDS = {
    "org_type": "org_types",
    "country": "countries",
    "platform": "platform",
    "organizer": "organizer_ids",
    "status": "status",
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
