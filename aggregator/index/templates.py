"""Index templates for announcements, events and sources, and the aliases the rest of the code writes through.

Every logical index ``{prefix}{name}`` is an alias onto a versioned index ``{prefix}{name}-vN``
created from the composable index template ``{prefix}{name}`` (pattern ``{prefix}{name}-v*``).
A mapping change is therefore: edit the mapping here, bump SCHEMA_VERSION, run
``aggregator indices reindex NAME`` (see aggregator.index.reindex) — readers and writers keep
using the alias throughout.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.index.analysis import ANALYSIS, ANALYZER
from aggregator.index.client import translate_errors

__all__ = [
    "NAMES",
    "MAPPINGS",
    "SCHEMA_VERSION",
    "index_template",
    "put_templates",
    "ensure_indices",
    "versioned_name",
    "version_of",
    "write_index",
]

log = logging.getLogger(__name__)

NAMES = ("announcements", "events", "sources")

# Bump the number of an index when its mapping or analysis changes, then reindex it.
SCHEMA_VERSION = {"announcements": 1, "events": 1, "sources": 1}

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
    "pending": _BOOL,
    "event_id": _KEYWORD,
    "error": {"type": "text"},
    # structured dates and place given by iCal and schema.org sources, taken as given
    "starts_at": _DATE,
    "ends_at": _DATE,
    "location": {"type": "keyword", "ignore_above": 1024},
    # Extraction.to_dict(): the fields worth filtering on are mapped, anything else is kept unindexed.
    "extraction": {
        "type": "object",
        "dynamic": False,
        "properties": {
            "is_event": _BOOL, "online": _BOOL, "hybrid": _BOOL, "start": _DATE, "end": _DATE,
            "timezone": _KEYWORD, "platform": _KEYWORD, "status": _KEYWORD, "past": _BOOL,
        },
    },
}

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
}


_VERSION = re.compile(r"-v(\d+)$")


def versioned_name(settings: Settings, name: str, version: int) -> str:
    return f"{settings.index(name)}-v{version}"


def version_of(index: str) -> int | None:
    match = _VERSION.search(index)
    return int(match.group(1)) if match else None


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
            },
            "mappings": mappings,
        },
    }


def put_templates(client: Elasticsearch, settings: Settings) -> None:
    """Create or update the three index templates (PUT is idempotent)."""
    with translate_errors(settings.elasticsearch_url):
        for name in NAMES:
            body = index_template(settings, name)
            client.indices.put_index_template(name=settings.index(name), **body)


def write_index(client: Elasticsearch, alias: str) -> str | None:
    """The concrete index the alias writes to, or None when no such alias exists."""
    response = client.options(ignore_status=404).indices.get_alias(name=alias)
    if getattr(response, "meta", None) is not None and response.meta.status == 404:
        return None
    indices = [i for i in dict(response) if i not in ("error", "status")]
    if not indices:
        return None
    if len(indices) == 1:
        return indices[0]
    for index, body in dict(response).items():
        if (body.get("aliases", {}).get(alias) or {}).get("is_write_index"):
            return index
    return sorted(indices, key=lambda i: version_of(i) or 0)[-1]


def ensure_indices(client: Elasticsearch, settings: Settings) -> dict[str, str]:
    """Apply the templates and make sure each alias exists; idempotent, safe to race.

    Returns alias -> concrete write index. A concrete index left by an older build under the
    alias name is migrated in place (reindexed into ``-v1`` and swapped atomically).
    """
    from aggregator.index.reindex import migrate_concrete_index

    put_templates(client, settings)
    result = {}
    with translate_errors(settings.elasticsearch_url):
        for name in NAMES:
            alias = settings.index(name)
            current = write_index(client, alias)
            if current is None and client.indices.exists(index=alias):
                log.warning("%s is a plain index from an older build: migrating it behind an alias", alias)
                current = migrate_concrete_index(client, settings, name)
            if current is None:
                current = versioned_name(settings, name, 1)
                response = client.options(ignore_status=400).indices.create(
                    index=current, aliases={alias: {"is_write_index": True}}
                )
                if response.meta.status == 400 and "resource_already_exists" not in str(response):
                    raise_for(response, f"creating {current}")
                if response.meta.status == 400:
                    # another task created it first; make sure the alias is there too
                    client.indices.update_aliases(actions=[{"add": {"index": current, "alias": alias, "is_write_index": True}}])
            # Additive mapping changes (a new field) apply in place; a changed field type is refused
            # by ES and needs `aggregator indices reindex NAME` (new version + alias swap).
            response = client.options(ignore_status=400).indices.put_mapping(
                index=current, properties=MAPPINGS[name]["properties"]
            )
            if response.meta.status == 400:
                log.warning("%s: the mapping in the repository changes an existing field (%s); "
                            "run `aggregator indices reindex %s` to apply it", current,
                            dict(response).get("error", {}).get("reason"), name)
            result[alias] = current
    return result


def raise_for(response, what: str) -> None:
    from aggregator.errors import IndexError_

    raise IndexError_(f"Elasticsearch refused {what}: {dict(response).get('error')}")
