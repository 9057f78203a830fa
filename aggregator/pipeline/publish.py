"""The publish stage: write the iCal feeds of the current events into public/."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.config import Settings

__all__ = ["publish_feeds"]


def publish_feeds(settings: Settings, now: datetime) -> dict[str, Any]:
    """Write public/calendar.ics and the per-organization and per-country feeds; counts for XCom."""
    from aggregator.ical.command import publish_calendars

    paths = publish_calendars(settings, now=now)
    return {"feeds": len(paths), "calendar": str(settings.public_dir / "calendar.ics")}
