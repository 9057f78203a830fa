"""The events the dedup stage matches against: by start minute blocks, or by organizer in a window.

``ElasticsearchEventStore`` is the Elasticsearch side of the ``EventStore`` protocol of
aggregator.dedup.engine (whose ``MemoryEventStore`` is the in-memory side).
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable

from elasticsearch import Elasticsearch

from aggregator.index.client import client_url, translate_errors
from aggregator.index.documents import event_from_source
from aggregator.models import Event

__all__ = ["ElasticsearchEventStore"]


class ElasticsearchEventStore:
    """Known events read from the events index: by blocks of start minutes, or by organizer in a window.

    Each call is one search (blocks in chunks), so a batch of announcements costs a few requests,
    never one per announcement, and never reads more than the time blocks it touches."""

    CHUNK = 200
    SIZE = 10_000

    def __init__(self, client: Elasticsearch, index: str):
        self.client, self.index = client, index

    def _search(self, query: dict) -> list[Event]:
        with translate_errors(client_url(self.client), f"a search of {self.index}"):
            response = self.client.options(ignore_status=404).search(index=self.index, size=self.SIZE, query=query)
        hits = response.get("hits", {}).get("hits", []) if response else []
        return [event_from_source(hit["_source"]) for hit in hits]

    def blocks(self, minutes: Iterable[int], announcement_ids: Iterable[str] = ()) -> list[Event]:
        """Events starting in one of these UTC epoch minutes, or holding one of these announcements."""
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
        """Events of one of these organizers starting in [start_from, start_to], optionally of one status."""
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
