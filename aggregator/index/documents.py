"""Domain objects -> Elasticsearch documents, with the derived fields analysts query on."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aggregator.models import Event

__all__ = ["event_document"]


def event_document(event: Event) -> dict[str, Any]:
    """Event.to_dict() plus org_types, duration_minutes, weekday (1=Monday) and local_hour."""
    doc = event.to_dict()
    local = event.start.astimezone(ZoneInfo(event.timezone))
    doc["org_types"] = sorted({o.type for o in event.organizers})
    doc["duration_minutes"] = int((event.end - event.start).total_seconds() // 60) if event.end else None
    doc["weekday"] = local.isoweekday()
    doc["local_hour"] = local.hour
    return doc
