"""What the three indices look like: names, schema versions, mappings and the index template bodies.

Pure data: nothing here talks to Elasticsearch. Every logical index ``{prefix}{name}`` is an alias
onto a versioned index ``{prefix}{name}-vN`` created from the composable index template
``{prefix}{name}`` (pattern ``{prefix}{name}-v*``). A mapping change is therefore: edit the mapping
here, bump SCHEMA_VERSION, run ``aggregator indices reindex NAME`` (see aggregator.index.reindex);
readers and writers keep using the alias throughout.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from aggregator.config import Settings
from aggregator.index.analysis import ANALYSIS, ANALYZER

__all__ = [
    "NAMES",
    "MAPPINGS",
    "SCHEMA_VERSION",
    "EVENT_PROPERTIES",
    "ANNOUNCEMENT_PROPERTIES",
    "SOURCE_PROPERTIES",
    "PROCESSING_PROPERTIES",
    "DYNAMIC_SETTINGS",
    "index_template",
    "versioned_name",
    "version_of",
]

NAMES = ("announcements", "events", "sources", "processing")

# Bump the number of an index when its mapping or analysis changes, then reindex it.
SCHEMA_VERSION = {"announcements": 1, "events": 1, "sources": 1, "processing": 1}

_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}
_BOOL = {"type": "boolean"}
_INT = {"type": "integer"}
# Analysed for search, plus an exact sub-field for aggregations, sorting and Kibana.
_TEXT = {
    "type": "text",
    "analyzer": ANALYZER,
    "fields": {"keyword": {"type": "keyword", "ignore_above": 512}},
}
_LONG_TEXT = {"type": "text", "analyzer": ANALYZER}

EVENT_PROPERTIES: dict[str, Any] = {
    # Event.to_dict()
    "event_id": _KEYWORD,
    "title": _TEXT,
    "start": _DATE,
    "end": _DATE,
    "timezone": _KEYWORD,  # the event's own IANA zone; dates are stored as absolute instants
    "online": _BOOL,
    "hybrid": _BOOL,
    "platform": _KEYWORD,
    "join_url": {"type": "keyword", "ignore_above": 2048},
    "status": _KEYWORD,
    "organizers": {
        "type": "nested",
        "properties": {"id": _KEYWORD, "name": _TEXT, "type": _KEYWORD, "country": _KEYWORD},
    },
    "source_urls": {"type": "keyword", "ignore_above": 2048},
    "announcement_ids": _KEYWORD,
    "first_seen": _DATE,
    "last_seen": _DATE,
    "version": _INT,
    "description": _LONG_TEXT,
    "previous_start": _DATE,
    "merged_into": _KEYWORD,
    "countries": _KEYWORD,
    # derived by aggregator.index.documents.event_document, for trends and Kibana
    "org_types": _KEYWORD,
    "organizer_ids": _KEYWORD,  # flat copies of organizers.*: Kibana Lens cannot aggregate nested fields
    "organizer_names": {"type": "keyword", "ignore_above": 512},
    # dedup state kept with the event so later announcements can be matched against it
    "match_keys": {"type": "keyword", "ignore_above": 256},
    "state_seen": _DATE,
    "duration_minutes": _INT,
    "weekday": {"type": "byte"},  # 1 = Monday, in the event's own time zone
    "local_hour": {"type": "byte"},  # 0-23, in the event's own time zone
}

ANNOUNCEMENT_PROPERTIES: dict[str, Any] = {
    "id": _KEYWORD,
    "source_id": _KEYWORD,
    "org_id": _KEYWORD,
    "org_name": _TEXT,
    "org_type": _KEYWORD,
    "country": _KEYWORD,
    "timezone": _KEYWORD,
    "url": {"type": "keyword", "ignore_above": 2048},
    "title": _TEXT,
    "text": _LONG_TEXT,
    "published": _DATE,
    "fetched_at": _DATE,
    "content_hash": _KEYWORD,
    "links": {"type": "keyword", "ignore_above": 2048},
    # structured dates and place given by iCal and schema.org sources, taken as given
    "starts_at": _DATE,
    "ends_at": _DATE,
    "location": {"type": "keyword", "ignore_above": 1024},
}

# Extraction.to_dict(): the fields worth filtering on are mapped, anything else is kept unindexed.
_EXTRACTION = {
    "type": "object",
    "dynamic": False,
    "properties": {
        "is_event": _BOOL, "online": _BOOL, "hybrid": _BOOL, "start": _DATE, "end": _DATE,
        "timezone": _KEYWORD, "platform": _KEYWORD, "status": _KEYWORD, "past": _BOOL,
    },
}

# What the process stage made of each announcement, one small document per announcement (same id):
# pending until processed, then its extraction and its event. It lives apart from the announcement
# so that marking announcements done rewrites a few keywords, not their analysed text: rewriting
# whole announcements was most of Elasticsearch's work in a process run (34 of 56 CPU seconds at
# 100k). The announcement's keys that analysts group by are copied here, so Kibana can chart
# "events among posts" by organization type, country or month from this index alone.
PROCESSING_PROPERTIES: dict[str, Any] = {
    "id": _KEYWORD,
    "source_id": _KEYWORD,
    "org_id": _KEYWORD,
    "org_type": _KEYWORD,
    "country": _KEYWORD,
    "published": _DATE,
    "fetched_at": _DATE,
    "content_hash": _KEYWORD,  # of the content landed last (pending), or processed (done)
    "pending": _BOOL,
    "event_id": _KEYWORD,
    "error": {"type": "text"},
    "extraction": _EXTRACTION,
}

# Announcements landed by builds before the processing index carried these in the announcement
# itself; they stay mapped so those documents keep their types (and are adopted, see
# AnnouncementStore.adopt_marked_pending).
ANNOUNCEMENT_PROPERTIES.update({"pending": _BOOL, "event_id": _KEYWORD, "error": {"type": "text"},
                                "extraction": _EXTRACTION})

SOURCE_PROPERTIES: dict[str, Any] = {
    "source_id": _KEYWORD,
    "org_id": _KEYWORD,
    "org_type": _KEYWORD,
    "country": _KEYWORD,
    "kind": _KEYWORD,
    "url": {"type": "keyword", "ignore_above": 2048},
    "last_fetch": _DATE,
    "status": _KEYWORD,
    "http_status": {"type": "short"},
    "items_seen": _INT,
    "items_new": _INT,
    "items_changed": _INT,
    "final_url": {"type": "keyword", "ignore_above": 2048},
    "last_success": _DATE,
    "retry_after": _DATE,
    "bytes": {"type": "long"},
    "duration_ms": _INT,
    "error": {"type": "text", "fields": {"keyword": {"type": "keyword", "ignore_above": 256}}},
    "consecutive_failures": _INT,
    "etag": {"type": "keyword", "index": False},
    "last_modified": {"type": "keyword", "index": False},
}

MAPPINGS: dict[str, dict[str, Any]] = {
    # dynamic: other stages add fields over time (health counters, extraction details); they get
    # Elasticsearch's default string mapping (text + .keyword) until they are declared here.
    "announcements": {"dynamic": True, "properties": ANNOUNCEMENT_PROPERTIES},
    "events": {"dynamic": True, "properties": EVENT_PROPERTIES},
    "sources": {"dynamic": True, "properties": SOURCE_PROPERTIES},
    # written by one stage with known fields only
    "processing": {"dynamic": False, "properties": PROCESSING_PROPERTIES},
}


_VERSION = re.compile(r"-v(\d+)$")


def versioned_name(settings: Settings, name: str, version: int) -> str:
    """The concrete index of version ``version`` behind the alias of ``name``."""
    return f"{settings.index(name)}-v{version}"


def version_of(index: str) -> int | None:
    """The N of a ``...-vN`` index name, or None."""
    match = _VERSION.search(index)
    return int(match.group(1)) if match else None


# Index settings that apply to an existing index in place (ensure_indices puts them).
# announcements and processing: written in bulk by collect and process, and read by process,
# which refreshes before it reads and at its end. Refreshing them every second as well (the default)
# cost the process stage a quarter of its Elasticsearch CPU at 50k announcements (segments and merges
# of documents about to be rewritten). Kibana sees new announcements up to 30 s late.
# events: written only by process (and by migrations), each of which refreshes when it is done, so
# the feeds and the web app see a run's events when the run ends, as before; what a periodic refresh
# added was some of a run's events before its end, at the cost of a segment per second of the run.
DYNAMIC_SETTINGS: dict[str, dict[str, Any]] = {
    "announcements": {"refresh_interval": "30s"},
    "events": {"refresh_interval": "30s"},
    "sources": {},
    "processing": {"refresh_interval": "30s"},
}


def index_template(settings: Settings, name: str) -> dict[str, Any]:
    """The body of ``PUT _index_template/{prefix}{name}``."""
    mappings = copy.deepcopy(MAPPINGS[name])
    mappings["_meta"] = {"schema_version": SCHEMA_VERSION[name], "managed_by": "aggregator"}
    return {
        "index_patterns": [f"{settings.index(name)}-v*"],
        # above the built-in templates (priority 100 for logs-*-*, metrics-*-*...) in case of a prefix clash
        "priority": 500,
        "version": SCHEMA_VERSION[name],
        "_meta": {"description": f"civic events aggregator: {name}", "managed_by": "aggregator"},
        "template": {
            "settings": {
                "number_of_shards": 1,  # small indices; also keeps reindex catch-up by _seq_no exact
                "auto_expand_replicas": "0-1",
                "analysis": copy.deepcopy(ANALYSIS),
                **DYNAMIC_SETTINGS[name],
            },
            "mappings": mappings,
        },
    }
