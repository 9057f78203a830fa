"""The publish stage: read current events from ES and write the iCal feeds into public/."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from elasticsearch import helpers

from aggregator.config import Settings
from aggregator.index.client import connect
from aggregator.models import Event

__all__ = ["publish_feeds", "load_feed_events"]


def load_feed_events(settings: Settings, now: datetime) -> list[Event]:
    """Events that end (or, without an end, start) after now - past_days, sorted by start then id."""
    client = connect(settings)
    since = (now - timedelta(days=settings.past_days)).isoformat()
    query = {"bool": {"should": [{"range": {"end": {"gte": since}}}, {"range": {"start": {"gte": since}}}], "minimum_should_match": 1}}
    index = settings.index("events")
    if not client.indices.exists(index=index):
        return []
    events = [Event.from_dict(hit["_source"]) for hit in helpers.scan(client, index=index, query={"query": query})]
    return sorted(events, key=lambda e: (e.start, e.event_id))


def publish_feeds(settings: Settings, now: datetime) -> dict[str, Any]:
    """Write public/calendar.ics and the per-organization and per-country feeds."""
    from aggregator.ical import write_feeds

    events = load_feed_events(settings, now)
    paths = write_feeds(events, settings.public_dir, now=now, past_days=settings.past_days)
    return {"events": len(events), "feeds": len(paths), "calendar": str(settings.public_dir / "calendar.ics")}
