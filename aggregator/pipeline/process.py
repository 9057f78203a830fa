"""The process stage: pending announcements -> extraction -> events, written back to ES in batches."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.config import Settings
from aggregator.dedup import assign_events
from aggregator.extract import extract
from aggregator.index.announcements import AnnouncementStore
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import connect
from aggregator.index.documents import event_document
from aggregator.index.events import ElasticsearchEventStore
from aggregator.models import Announcement, Extraction

__all__ = ["process_pending", "interpret"]

log = logging.getLogger(__name__)


def _zone(name: str | None):
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def interpret(announcement: Announcement) -> Extraction:
    """The extraction of an announcement; structured dates (iCalendar, schema.org) win over the text's.

    The text still gives platform, link, title and status; a structured start makes it an event,
    expressed in the announcement's time zone (a naive structured time is read in that zone)."""
    extraction = extract(
        announcement.text, announcement.published or announcement.fetched_at,
        country=announcement.country, timezone=announcement.timezone,
        title=announcement.title,
    )
    if announcement.starts_at is None:
        return extraction
    name = announcement.timezone if _zone(announcement.timezone) else extraction.timezone or "UTC"
    zone = _zone(name) or ZoneInfo("UTC")

    def local(value: datetime | None) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(zone)

    start, end = local(announcement.starts_at), local(announcement.ends_at)
    if end is not None and end <= start:
        end = None
    seen = announcement.published or announcement.fetched_at
    past = extraction.past and (seen is None or start <= seen)
    return replace(extraction, is_event=True, start=start, end=end, timezone=name, past=past)


def process_pending(settings: Settings, now: datetime, batch_size: int = 500) -> dict[str, Any]:
    """Interpret every announcement marked pending; idempotent, resumable batch by batch.

    ``now`` is the run's instant, given by the DAG; nothing here reads it yet (each extraction's
    reference time is its announcement's own publication time), it stays so the stage's
    interface does not change when a step needs it."""
    client = connect(settings)
    event_index = settings.index("events")
    announcements = AnnouncementStore.for_settings(client, settings)
    store = ElasticsearchEventStore(client, event_index)
    counts = {"announcements": 0, "events_written": 0, "not_events": 0, "errors": 0}
    while True:
        batch = announcements.pending(batch_size)
        if not batch:
            break
        items: list[tuple[Announcement, Extraction]] = []
        updates: dict[str, dict] = {}
        for doc in batch:
            announcement = Announcement.from_dict(doc)
            try:
                extraction = interpret(announcement)
            except Exception as exc:  # one bad announcement must not stop the batch
                log.error("announcement %s could not be interpreted: %s", announcement.id, exc)
                counts["errors"] += 1
                updates[announcement.id] = {"pending": False, "error": f"{type(exc).__name__}: {exc}"[:1000]}
                continue
            items.append((announcement, extraction))
            updates[announcement.id] = {"pending": False, "error": None, "extraction": extraction.to_dict(), "event_id": None}
        outcome = assign_events(items, store)
        for ann_id, event_id in outcome.assignments.items():
            updates[ann_id]["event_id"] = event_id
        for event in outcome.events.values():
            if event.merged_into:  # a late merge: earlier announcements follow the surviving id
                for ann_id in event.announcement_ids:
                    updates.setdefault(ann_id, {})["event_id"] = event.merged_into
        counts["not_events"] += sum(1 for u in updates.values() if "extraction" in u and not u["event_id"])
        if outcome.events:
            bulk_upsert(client, event_index, [(e.event_id, event_document(e)) for e in outcome.events.values()], refresh="wait_for")
            counts["events_written"] += len(outcome.events)
        announcements.update(updates)
        counts["announcements"] += len(batch)
    return counts
