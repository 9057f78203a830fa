"""The events the dedup stage matches against: by start minute blocks, or by organizer in a window.

``ElasticsearchEventStore`` is the Elasticsearch side of the ``EventStore`` protocol of
aggregator.dedup.engine (whose ``MemoryEventStore`` is the in-memory side).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterable, Iterator

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

    def __init__(self, client: Elasticsearch, index: str, pit: dict | None = None, empty: bool = False):
        self.client, self.index, self.pit, self.empty = client, index, pit, empty

    @contextmanager
    def snapshot(self, keep_alive: str = "10m") -> Iterator["ElasticsearchEventStore"]:
        """This store as the index stands now (a point in time), whatever is written to it meanwhile.

        The process stage keeps the events it writes in memory, in front of this snapshot: the
        snapshot then answers only with events that existed before the run, instead of sending
        back, parsing and discarding the run's own (a growing share of every answer). Without
        an events index yet, or with no event in it, the snapshot is empty and asks nothing."""
        with translate_errors(client_url(self.client), f"opening a point in time of {self.index}"):
            opened = self.client.options(ignore_status=404).open_point_in_time(index=self.index, keep_alive=keep_alive)
        pit_id = opened.get("id") if opened else None
        pit = {"id": pit_id, "keep_alive": keep_alive} if pit_id else None
        empty = pit is None or not self._holds_any(pit)
        store = ElasticsearchEventStore(self.client, self.index, pit, empty=empty)
        try:
            yield store
        finally:
            if pit_id:
                with translate_errors(client_url(self.client), f"closing a point in time of {self.index}"):
                    self.client.options(ignore_status=404).close_point_in_time(id=store.pit["id"])

    def _holds_any(self, pit: dict) -> bool:
        """Whether the snapshot holds any event: an empty one (a first run, a backfill into a new
        index) then answers every search at once, without a request per organizer and window."""
        with translate_errors(client_url(self.client), f"a search of {self.index}"):
            response = self.client.search(pit=pit, size=0, track_total_hits=1, query={"match_all": {}})
        return response["hits"]["total"]["value"] > 0

    def _search(self, query: dict) -> list[Event]:
        if self.empty:
            return []
        where = {"pit": self.pit} if self.pit else {"index": self.index}
        with translate_errors(client_url(self.client), f"a search of {self.index}"):
            response = self.client.options(ignore_status=404).search(**where, size=self.SIZE, query=query)
        if self.pit and response and response.get("pit_id"):
            self.pit = {**self.pit, "id": response["pit_id"]}
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
