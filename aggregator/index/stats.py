"""Counts over the indices after a pipeline run: sources fetched or failed, announcements, events."""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.client import client_url, translate_errors

__all__ = ["run_counts"]


def run_counts(client: Elasticsearch, settings: Settings) -> dict[str, Any]:
    """Counts of sources (fetched, failed, warned), announcements, events and merged duplicates."""
    with translate_errors(client_url(client), "the run's counts"):
        return _counts(client, settings)


def _counts(client: Elasticsearch, settings: Settings) -> dict[str, Any]:
    names = {k: settings.index(k) for k in ("sources", "announcements", "events", "processing")}
    for index in names.values():
        if client.indices.exists(index=index):
            client.indices.refresh(index=index)

    def count(index: str, query: dict | None = None) -> int:
        if not client.indices.exists(index=index):
            return 0
        return client.count(index=index, query=query or {"match_all": {}})["count"]

    failed = []
    warned = []
    if client.indices.exists(index=names["sources"]):
        for hit in client.search(index=names["sources"], size=1000, query={"match_all": {}})["hits"]["hits"]:
            doc = hit["_source"]
            if doc.get("status") == "failed":
                failed.append(f"{doc['source_id']}: {doc.get('error')}")
            elif doc.get("status") == "partial":
                warned.append(f"{doc['source_id']}: {doc.get('error')}")
    events = count(names["events"], {"bool": {"must_not": {"exists": {"field": "merged_into"}}}})
    linked = 0
    if events:
        agg = client.search(
            index=names["events"], size=0,
            aggs={"n": {"sum": {"script": {"source": "doc['announcement_ids'].size()"}}}},
        )
        linked = int(agg["aggregations"]["n"]["value"])
    announcements = count(names["announcements"])
    return {
        "sources": count(names["sources"]),
        "sources_failed": failed,
        "sources_with_warnings": warned,
        "announcements": announcements,
        # an announcement's event is in its processing document (aggregator.index.announcements)
        "announcements_not_events": max(announcements - count(names["processing"], {"exists": {"field": "event_id"}}), 0),
        "events": events,
        "duplicates_merged": max(linked - events, 0),
        "documents_indexed": announcements + count(names["events"]) + count(names["sources"]),
    }
