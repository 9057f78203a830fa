"""Domain objects <-> Elasticsearch documents, with the derived fields analysts query on."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aggregator.models import Event, Organizer

__all__ = ["event_document", "event_from_source"]


def event_document(event: Event) -> dict[str, Any]:
    """Event.to_dict() plus org_types, organizer_ids/names, duration_minutes, weekday (1=Monday), local_hour.

    weekday and local_hour are in the event's own time zone: "Tuesday 20:00 in Rabat" is what an
    analyst means by the time of an event, not the UTC instant.
    """
    doc = _event_dict(event)
    try:
        local = event.start.astimezone(ZoneInfo(event.timezone))
    except (KeyError, ValueError):  # unknown zone name: fall back to the offset the start carries
        local = event.start
    doc["org_types"] = sorted({o.type for o in event.organizers if o.type})
    doc["organizer_ids"] = [o.id for o in event.organizers]
    doc["organizer_names"] = [o.name for o in event.organizers]
    doc["duration_minutes"] = int((event.end - event.start).total_seconds() // 60) if event.end else None
    doc["weekday"] = local.isoweekday()
    doc["local_hour"] = local.hour
    return doc


_FIELDS = tuple(f.name for f in fields(Event))
_ORGANIZER_FIELDS = tuple(f.name for f in fields(Organizer))
_DATES = ("start", "end", "first_seen", "last_seen", "previous_start", "state_seen")
_LISTS = ("source_urls", "announcement_ids", "countries", "match_keys")


def _event_dict(event: Event) -> dict[str, Any]:
    """The dict Event.to_dict() gives, built field by field: dataclasses.asdict deep-copies every
    value recursively and was most of the cost of writing events (the process stage writes one
    per few announcements)."""
    doc = {name: getattr(event, name) for name in _FIELDS}
    for key in _DATES:
        value = doc[key]
        doc[key] = value.isoformat() if value else None
    doc["organizers"] = [{name: getattr(o, name) for name in _ORGANIZER_FIELDS} for o in event.organizers]
    for key in _LISTS:
        doc[key] = list(doc[key])
    return doc


def event_from_source(source: dict[str, Any]) -> Event:
    """An Event from its ES document (derived fields dropped, lists back to tuples, dedup state kept)."""
    event = Event.from_dict(source)
    state_seen = source.get("state_seen")
    return replace(
        event,
        match_keys=tuple(source.get("match_keys") or ()),
        state_seen=datetime.fromisoformat(state_seen) if isinstance(state_seen, str) else state_seen,
    )
