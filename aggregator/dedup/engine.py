"""Assign each (announcement, extraction) to an Event: match in a time block, merge, keep ids stable."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable, Protocol, Sequence

from aggregator.dedup.normalize import normalize_text
from aggregator.models import Announcement, Event, Extraction, Organizer

__all__ = ["assign_events", "DedupOutcome", "EventStore", "MemoryEventStore", "event_key"]


class EventStore(Protocol):
    """Where already-known events are looked up, by a block of start instants."""

    def candidates(self, start_from: datetime, start_to: datetime) -> list[Event]: ...


class MemoryEventStore:
    """An EventStore over a dict, for the JSONL command and tests."""

    def __init__(self, events: Iterable[Event] = ()):
        self.events = {e.event_id: e for e in events}

    def candidates(self, start_from: datetime, start_to: datetime) -> list[Event]:
        return [e for e in self.events.values() if start_from <= e.start <= start_to]

    def put(self, event: Event) -> None:
        self.events[event.event_id] = event


@dataclass
class DedupOutcome:
    events: dict[str, Event] = field(default_factory=dict)  # new or changed, by id
    assignments: dict[str, str] = field(default_factory=dict)  # announcement id -> event id


def event_key(start: datetime, title: str) -> str:
    """Exact-duplicate key: the start instant to the minute and the normalized title."""
    instant = start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M")
    return f"{instant}|{normalize_text(title)}"


def _event_id(key: str) -> str:
    return "evt-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def assign_events(
    items: Sequence[tuple[Announcement, Extraction]], store: EventStore, now: datetime
) -> DedupOutcome:
    """Merge exact duplicates (same instant, same normalized title) into one Event each."""
    outcome = DedupOutcome()
    for announcement, extraction in items:
        if not (extraction.is_event and extraction.start and (extraction.online or extraction.hybrid)):
            continue
        title = extraction.title or announcement.title or ""
        key = event_key(extraction.start, title)
        event_id = _event_id(key)
        existing = outcome.events.get(event_id)
        if existing is None:
            window = timedelta(minutes=1)
            for candidate in store.candidates(extraction.start - window, extraction.start + window):
                if candidate.event_id == event_id:
                    existing = candidate
                    break
        event = _merge(existing, event_id, announcement, extraction, title, now)
        if event != existing:
            outcome.events[event_id] = event
        outcome.assignments[announcement.id] = event_id
    return outcome


def _merge(existing: Event | None, event_id: str, ann: Announcement, ex: Extraction, title: str, now: datetime) -> Event:
    organizer = Organizer(id=ann.org_id, name=ann.org_name, type=ann.org_type, country=ann.country)
    seen = ann.published or ann.fetched_at
    if existing is None:
        return Event(
            event_id=event_id, title=title, start=ex.start, end=ex.end, timezone=ex.timezone or ann.timezone,
            online=ex.online, hybrid=ex.hybrid, platform=ex.platform, join_url=ex.join_url,
            status=ex.status, organizers=(organizer,), source_urls=(ann.url,) if ann.url else (),
            announcement_ids=(ann.id,), first_seen=seen, last_seen=seen, version=0,
            description=ann.text[:2000], countries=(ann.country,),
        )
    if ann.id in existing.announcement_ids:
        return existing
    organizers = existing.organizers + ((organizer,) if organizer not in existing.organizers else ())
    return replace(
        existing,
        organizers=tuple(sorted(organizers, key=lambda o: o.id)),
        source_urls=tuple(sorted(set(existing.source_urls) | ({ann.url} if ann.url else set()))),
        announcement_ids=tuple(sorted(set(existing.announcement_ids) | {ann.id})),
        first_seen=min(existing.first_seen, seen),
        last_seen=max(existing.last_seen, seen),
        platform=existing.platform or ex.platform,
        join_url=existing.join_url or ex.join_url,
        end=existing.end or ex.end,
        countries=tuple(sorted(set(existing.countries) | {ann.country})),
    )
