"""Announcement text -> Extraction: is it an event, when (exactly, in which zone), where online, under which title."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aggregator.countries import timezone_for_country
from aggregator.models import Extraction

__all__ = ["extract"]

# PLACEHOLDER first version, to be replaced by the full extractor (issue 3).
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})")


def extract(
    text: str,
    published: datetime,
    *,
    country: str | None = None,
    timezone: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> Extraction:
    """Interpret one announcement. Pure: ``published`` is the reference time, never now()."""
    zone = timezone or timezone_for_country(country) or "UTC"
    m = _ISO.search(text or "")
    if not m:
        return Extraction(is_event=False)
    y, mo, d, h, mi = map(int, m.groups())
    start = datetime(y, mo, d, h, mi, tzinfo=ZoneInfo(zone))
    platform = "zoom" if "zoom" in text.lower() or "زوم" in text else None
    return Extraction(
        is_event=True, online=platform is not None, start=start, end=start + timedelta(hours=1),
        timezone=zone, platform=platform, title=title, past=start < published,
    )
