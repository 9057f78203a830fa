"""The publish stage: write the iCal feeds of the current events into public/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.config import Settings
from aggregator.ical.feeds import write_feeds
from aggregator.index.feeds import FeedStore

__all__ = ["publish_feeds", "publish_calendars"]


def publish_calendars(settings: Settings, *, now: datetime, store=None, lang: str = "ar") -> list[Path]:
    """Read the events of the feed window from Elasticsearch (or ``store``) and write every static feed."""
    store = store or FeedStore.from_settings(settings)
    events = store.search(now=now, past_days=settings.past_days)
    return write_feeds(events, settings.public_dir, now=now, past_days=settings.past_days, lang=lang)


def publish_feeds(settings: Settings, now: datetime) -> dict[str, Any]:
    """Write public/calendar.ics and the per-organization and per-country feeds; counts for XCom."""
    paths = publish_calendars(settings, now=now)
    return {"feeds": len(paths), "calendar": str(settings.public_dir / "calendar.ics")}
