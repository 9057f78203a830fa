"""The process stage: pending announcements -> extraction -> events, written back to ES in batches."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from aggregator.config import Settings
from aggregator.dedup import assign_events
from aggregator.extract import extract
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import connect
from aggregator.index.documents import event_document
from aggregator.models import Announcement, Event, Extraction

__all__ = ["process_pending", "ElasticsearchEventStore", "event_from_source", "interpret"]

log = logging.getLogger(__name__)


class ElasticsearchEventStore:
    """Known events read from the events index: by blocks of start minutes, or by organizer in a window.

    Each call is one search (blocks in chunks), so a batch of announcements costs a few requests,
    never one per announcement, and never reads more than the time blocks it touches."""

    CHUNK = 200
    SIZE = 10_000

    def __init__(self, client, index: str):
        self.client, self.index = client, index

    def _search(self, query: dict) -> list[Event]:
        response = self.client.options(ignore_status=404).search(index=self.index, size=self.SIZE, query=query)
        hits = response.get("hits", {}).get("hits", []) if response else []
        return [event_from_source(hit["_source"]) for hit in hits]

    def blocks(self, minutes: Iterable[int], announcement_ids: Iterable[str] = ()) -> list[Event]:
        minutes, ann_ids = sorted(set(minutes)), sorted(set(announcement_ids))
        found: dict[str, Event] = {}
        for i in range(0, len(minutes), self.CHUNK):
            ranges = [{"range": {"start": {"gte": m * 60_000, "lt": (m + 1) * 60_000, "format": "epoch_millis"}}}
                      for m in minutes[i:i + self.CHUNK]]
            for e in self._search({"bool": {"should": ranges, "minimum_should_match": 1}}):
                found[e.event_id] = e
        for i in range(0, len(ann_ids), 1000):
            for e in self._search({"terms": {"announcement_ids": ann_ids[i:i + 1000]}}):
                found[e.event_id] = e
        return list(found.values())

    def search(self, start_from: datetime, start_to: datetime, org_ids: Iterable[str],
               status: str | None = None) -> list[Event]:
        org_ids = sorted(set(org_ids))
        if not org_ids:
            return []
        filters: list[dict] = [
            {"range": {"start": {"gte": start_from.isoformat(), "lte": start_to.isoformat()}}},
            {"nested": {"path": "organizers", "query": {"terms": {"organizers.id": org_ids}}}},
        ]
        if status:
            filters.append({"term": {"status": status}})
        return self._search({"bool": {"filter": filters}})


def event_from_source(source: dict) -> Event:
    """An Event from its ES document (derived fields dropped, lists back to tuples)."""
    event = Event.from_dict(source)
    state_seen = source.get("state_seen")
    return replace(
        event,
        match_keys=tuple(source.get("match_keys") or ()),
        state_seen=datetime.fromisoformat(state_seen) if isinstance(state_seen, str) else state_seen,
    )


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
        title=announcement.title, url=announcement.url or None,
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
    """Interpret every announcement marked pending; idempotent, resumable batch by batch."""
    client = connect(settings)
    ann_index, event_index = settings.index("announcements"), settings.index("events")
    store = ElasticsearchEventStore(client, event_index)
    counts = {"announcements": 0, "events_written": 0, "not_events": 0, "errors": 0}
    while True:
        hits = client.search(
            index=ann_index, size=batch_size, query={"term": {"pending": True}}, sort=[{"id": "asc"}],
        )["hits"]["hits"]
        if not hits:
            break
        items: list[tuple[Announcement, Extraction]] = []
        updates: dict[str, dict] = {}
        for hit in hits:
            announcement = Announcement.from_dict(hit["_source"])
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
        bulk_upsert(client, ann_index, list(updates.items()), partial=True, refresh="wait_for")
        counts["announcements"] += len(hits)
    return counts
