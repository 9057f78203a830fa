"""Index definitions for announcements, events and sources, applied idempotently at pipeline start."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from aggregator.config import Settings

__all__ = ["INDICES", "ensure_indices"]

_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}
_TEXT = {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 512}}}

INDICES = {
    "announcements": {
        "properties": {
            "id": _KEYWORD, "source_id": _KEYWORD, "org_id": _KEYWORD, "org_name": _TEXT,
            "org_type": _KEYWORD, "country": _KEYWORD, "timezone": _KEYWORD, "url": _KEYWORD,
            "title": _TEXT, "text": {"type": "text"}, "published": _DATE, "fetched_at": _DATE,
            "content_hash": _KEYWORD, "links": _KEYWORD, "pending": {"type": "boolean"},
            "event_id": _KEYWORD, "extraction": {"type": "object", "enabled": False},
        }
    },
    "events": {
        "properties": {
            "event_id": _KEYWORD, "title": _TEXT, "start": _DATE, "end": _DATE, "timezone": _KEYWORD,
            "online": {"type": "boolean"}, "hybrid": {"type": "boolean"}, "platform": _KEYWORD,
            "join_url": _KEYWORD, "status": _KEYWORD,
            "organizers": {"type": "nested", "properties": {"id": _KEYWORD, "name": _TEXT, "type": _KEYWORD, "country": _KEYWORD}},
            "source_urls": _KEYWORD, "announcement_ids": _KEYWORD, "first_seen": _DATE, "last_seen": _DATE,
            "version": {"type": "integer"}, "description": {"type": "text"}, "previous_start": _DATE,
            "merged_into": _KEYWORD, "countries": _KEYWORD,
            "org_types": _KEYWORD, "duration_minutes": {"type": "integer"}, "weekday": {"type": "byte"},
            "local_hour": {"type": "byte"},
        }
    },
    "sources": {
        "properties": {
            "source_id": _KEYWORD, "org_id": _KEYWORD, "org_type": _KEYWORD, "country": _KEYWORD,
            "kind": _KEYWORD, "url": _KEYWORD, "last_fetch": _DATE, "status": _KEYWORD, "http_status": {"type": "short"},
            "items_seen": {"type": "integer"}, "items_new": {"type": "integer"}, "bytes": {"type": "long"},
            "duration_ms": {"type": "integer"}, "error": {"type": "text"}, "consecutive_failures": {"type": "integer"},
            "etag": {"type": "keyword", "index": False}, "last_modified": {"type": "keyword", "index": False},
        }
    },
}


def ensure_indices(client: Elasticsearch, settings: Settings) -> None:
    """Create each index if it does not exist; leaves existing ones (and their data) alone."""
    for name, mappings in INDICES.items():
        index = settings.index(name)
        if not client.indices.exists(index=index):
            client.indices.create(
                index=index,
                mappings={"dynamic": True, **mappings},
                settings={"number_of_shards": 1, "number_of_replicas": 0},
            )
