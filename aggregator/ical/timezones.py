"""VTIMEZONE components for the zones a feed uses, built once per zone and year range."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

__all__ = ["UTC_NAMES", "zone", "vtimezone"]

# Zones written as UTC ("Z" suffix); RFC 5545 never needs a VTIMEZONE for them, and a
# VTIMEZONE named UTC makes some clients treat the times as floating.
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/GMT", "GMT", "Etc/Zulu", "Zulu", "Universal"})


@lru_cache(maxsize=None)
def zone(name: str | None) -> ZoneInfo | None:
    """The ZoneInfo for ``name``; None when the name is empty, UTC-like or unknown."""
    if not name or name in UTC_NAMES:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@lru_cache(maxsize=512)
def vtimezone(name: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of ``name`` valid from Jan 1 of ``first_year`` to the end of ``last_year``.

    Bounding the range to the years the feed's events use keeps the component small
    (a 1970-2038 Casablanca has hundreds of Ramadan transitions) while every DTSTART and
    DTEND still falls inside it. Returns the component's bytes: building it is slow.
    """
    component = icalendar.Timezone.from_tzid(
        name, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1)
    )
    return component.to_ical()
