"""Query parameters checked before anything reaches Elasticsearch: type, range, known values.

Each reader raises InvalidParameter naming the parameter and what it accepts, which the app
answers with a 400. Bounds keep every value inside what datetime arithmetic and Elasticsearch
take (no OverflowError from a huge duration, no 502 from a negative size).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from starlette.datastructures import QueryParams

from aggregator.errors import InvalidParameter
from aggregator.index.params import parse_date_bound, parse_datetime, parse_duration, parse_local_datetime

__all__ = ["check_names", "integer", "duration", "instant", "local_instant", "day_or_instant", "choice", "flag", "values",
           "time_zone", "EARLIEST", "LATEST", "MAX_QUERY"]

MAX_QUERY = 2000
# Events are in this century; the bounds also keep start + weeks or + duration far from datetime's limits.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)
_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no", "")


def check_names(query: QueryParams, accepted: Collection[str], raw_length: int) -> None:
    """Refuse a query string that is too long, or a parameter not in ``accepted``."""
    if raw_length > MAX_QUERY:
        raise InvalidParameter(f"query string longer than {MAX_QUERY} characters")
    for name in query.keys():
        if name not in accepted:
            raise InvalidParameter(f"unknown parameter {name[:40]!r}; accepted: {', '.join(accepted)}", name[:40])


def _one(query: QueryParams, name: str) -> str | None:
    found = query.getlist(name)
    if len(found) > 1:
        raise InvalidParameter(f"give {name} once", name)
    return found[0] if found else None


def integer(query: QueryParams, name: str, default: int, low: int, high: int) -> int:
    raw = _one(query, name)
    if raw is None:
        return default
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 12:
        raise InvalidParameter(f"{name} must be a whole number from {low} to {high}", name)
    value = int(text)
    if not low <= value <= high:
        raise InvalidParameter(f"{name} must be a whole number from {low} to {high}", name)
    return value


def duration(query: QueryParams, name: str, default: timedelta, low: timedelta, high: timedelta) -> timedelta:
    raw = _one(query, name)
    if raw is None:
        return default
    if raw.strip() == "0":
        value = timedelta(0)
    else:
        try:
            value = parse_duration(raw[:40])
        except (ValueError, OverflowError):
            raise InvalidParameter(f"{name} {raw[:40]!r} is not a duration: write e.g. 90m, 1h30m, 2h", name) from None
    if not low <= value <= high:
        raise InvalidParameter(f"{name} must be from {_show(low)} to {_show(high)}", name)
    return value


def _show(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440}d"
    if minutes and minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def _in_range(name: str, value: datetime) -> datetime:
    if not EARLIEST <= value < LATEST:
        raise InvalidParameter(f"{name} must be from {EARLIEST:%Y-%m-%d} to before {LATEST:%Y-%m-%d}", name)
    return value


def instant(query: QueryParams, name: str) -> datetime | None:
    """An ISO-8601 date-time with a UTC offset, or None when absent."""
    raw = _one(query, name)
    if raw is None or not raw.strip():
        return None
    try:
        value = parse_datetime(raw[:64])
    except (ValueError, OverflowError) as exc:
        raise InvalidParameter(f"{name}: {exc}", name) from None
    return _in_range(name, value)


# "2026-03-12T20:00+01:00" written into a URL without %2B arrives as "2026-03-12T20:00 01:00".
_SPACE_FOR_PLUS = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?) (\d{2}(?::?\d{2})?)$")


def local_instant(query: QueryParams, name: str, zone_name: str | None) -> datetime | None:
    """A local time in ``zone_name`` (2026-03-12 20:00, or 2026-03-12T20:00), or a date-time with an
    offset; None when absent. A '+' the URL did not escape is read back as the offset it was."""
    raw = _one(query, name)
    if raw is None or not raw.strip():
        return None
    text = raw.strip()[:64]
    match = _SPACE_FOR_PLUS.match(text)
    if match:
        text = f"{match[1]}+{match[2]}"
    try:
        value = parse_local_datetime(text, zone_name, parameter=name, zone_parameter="tz")
    except (ValueError, OverflowError) as exc:
        raise InvalidParameter(str(exc), name) from None
    return _in_range(name, value)


def day_or_instant(query: QueryParams, name: str) -> datetime | None:
    """A date (2026-03-01, 00:00 UTC) or a date-time with offset, or None when absent."""
    raw = _one(query, name)
    try:
        value = parse_date_bound(raw[:64] if raw else raw)
    except (ValueError, OverflowError) as exc:
        raise InvalidParameter(f"{name}: {exc}", name) from None
    return None if value is None else _in_range(name, value)


def choice(query: QueryParams, name: str, accepted: Collection[str], default: str) -> str:
    raw = _one(query, name)
    if raw is None:
        return default
    if raw not in accepted:
        raise InvalidParameter(f"{name} must be one of {', '.join(accepted)}", name)
    return raw


def flag(query: QueryParams, name: str) -> bool:
    raw = _one(query, name)
    if raw is None:
        return False
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise InvalidParameter(f"{name} must be 1 or 0 (also true/false, yes/no)", name)


def values(query: QueryParams, name: str, accepted: Iterable[str] | None = None, *, most: int = 20,
           upper: bool = False) -> list[str]:
    """Every value of a repeatable parameter, also comma-separated (org_type=union,ngo)."""
    found: list[str] = []
    for raw in query.getlist(name):
        found.extend(v.strip().upper() if upper else v.strip() for v in raw.split(",") if v.strip())
    if len(found) > most:
        raise InvalidParameter(f"at most {most} values of {name}", name)
    if accepted is not None:
        known = tuple(accepted)
        for value in found:
            if value not in known:
                raise InvalidParameter(f"unknown {name} {value[:40]!r}; accepted: {', '.join(known)}", name)
    return found


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(n for n in zoneinfo.available_timezones()
                     if n == "UTC" or ("/" in n and not n.startswith(("posix/", "right/"))))


def time_zone(query: QueryParams, name: str = "time_zone") -> str:
    """An IANA time zone name (Africa/Tunis), UTC by default."""
    raw = _one(query, name)
    if raw is None or raw == "UTC":
        return "UTC"
    if raw not in _zones():
        raise InvalidParameter(f"{name} {raw[:40]!r} is not an IANA time zone, e.g. Africa/Tunis or UTC", name)
    return raw
