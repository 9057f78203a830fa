"""The process stage: pending announcements -> extraction -> events, written back to ES in batches."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from aggregator.config import Settings
from aggregator.dedup import assign_events
from aggregator.extract import extract
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import connect
from aggregator.index.documents import event_document
from aggregator.models import Announcement, Event, Extraction

__all__ = ["process_pending", "ElasticsearchEventStore"]

log = logging.getLogger(__name__)


class ElasticsearchEventStore:
    """Known events whose start falls in a block of time, read from the events index."""

    def __init__(self, client, index: str):
        self.client, self.index = client, index

    def candidates(self, start_from: datetime, start_to: datetime) -> list[Event]:
        response = self.client.search(
            index=self.index, size=1000,
            query={"range": {"start": {"gte": start_from.isoformat(), "lte": start_to.isoformat()}}},
        )
        return [Event.from_dict(hit["_source"]) for hit in response["hits"]["hits"]]


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
                extraction = extract(
                    announcement.text, announcement.published or announcement.fetched_at,
                    country=announcement.country, timezone=announcement.timezone,
                    title=announcement.title, url=announcement.url or None,
                )
            except Exception as exc:  # one bad announcement must not stop the batch
                log.error("announcement %s could not be interpreted: %s", announcement.id, exc)
                counts["errors"] += 1
                updates[announcement.id] = {"pending": False, "error": f"{type(exc).__name__}: {exc}"[:1000]}
                continue
            items.append((announcement, extraction))
            updates[announcement.id] = {"pending": False, "error": None, "extraction": extraction.to_dict(), "event_id": None}
        outcome = assign_events(items, store, now)
        for ann_id, event_id in outcome.assignments.items():
            updates[ann_id]["event_id"] = event_id
        counts["not_events"] += sum(1 for u in updates.values() if "extraction" in u and not u["event_id"])
        if outcome.events:
            bulk_upsert(client, event_index, [(e.event_id, event_document(e)) for e in outcome.events.values()], refresh="wait_for")
            counts["events_written"] += len(outcome.events)
        bulk_upsert(client, ann_index, list(updates.items()), partial=True, refresh="wait_for")
        counts["announcements"] += len(hits)
    return counts
