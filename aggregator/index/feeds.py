"""The events feeds, the events API and the public page read, from Elasticsearch: filters as term queries.

User input never becomes query syntax: organization ids, kinds, countries and platforms
go into ``terms`` queries after validation, and free text only into ``multi_match``.
The index mapping is read once to know which field to use for exact values (a keyword
field, or the ``.keyword`` sub-field of a dynamically mapped string) and whether
``organizers`` is nested, so the queries work on both mappings.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from aggregator.config import Settings
from aggregator.ical.filters import FeedFilter
from aggregator.index.client import ES_ERRORS, client_url, connect, is_missing_index, map_error
from aggregator.models import Event

__all__ = ["FeedStore", "FieldPaths", "build_query"]

log = logging.getLogger(__name__)

_EXACT_FIELDS = ("event_id", "platform", "status", "countries", "organizers.id", "organizers.type", "organizers.country", "organizers.name")


@dataclass(frozen=True)
class FieldPaths:
    """Where exact values live in this index's mapping."""

    exact: dict[str, str] = field(default_factory=dict)
    nested_organizers: bool = False

    def of(self, name: str) -> str:
        # Without a mapping (index not created yet) dynamic mapping is the best guess.
        return self.exact.get(name, f"{name}.keyword")


def _exact_path(properties: dict[str, Any], dotted: str) -> str | None:
    node: dict[str, Any] | None = None
    props = properties
    for part in dotted.split("."):
        node = props.get(part)
        if node is None:
            return None
        props = node.get("properties", {})
    if node is None:
        return None
    if node.get("type") in ("keyword", "constant_keyword"):
        return dotted
    for sub_name, sub in (node.get("fields") or {}).items():
        if sub.get("type") == "keyword":
            return f"{dotted}.{sub_name}"
    return dotted


def build_query(flt: FeedFilter, paths: FieldPaths, *, cutoff: datetime | None) -> dict[str, Any]:
    """The bool query selecting what ``flt`` selects, ending at or after ``cutoff``."""
    filters: list[dict[str, Any]] = []
    if cutoff is not None:
        iso = cutoff.astimezone(timezone.utc).isoformat()
        filters.append(
            {"bool": {"should": [{"range": {"end": {"gte": iso}}}, {"range": {"start": {"gte": iso}}}],
                      "minimum_should_match": 1}}
        )

    def organizer_terms(name: str, values: tuple[str, ...]) -> dict[str, Any]:
        query = {"terms": {paths.of(f"organizers.{name}"): list(values)}}
        if paths.nested_organizers:
            return {"nested": {"path": "organizers", "query": query}}
        return query

    if flt.orgs:
        filters.append(organizer_terms("id", flt.orgs))
    if flt.org_types:
        filters.append(organizer_terms("type", flt.org_types))
    if flt.platforms:
        filters.append({"terms": {paths.of("platform"): list(flt.platforms)}})
    if flt.countries:
        filters.append(
            {"bool": {"should": [{"terms": {paths.of("countries"): list(flt.countries)}},
                                 organizer_terms("country", flt.countries)],
                      "minimum_should_match": 1}}
        )
    must: list[dict[str, Any]] = []
    if flt.q:
        text = {"multi_match": {"query": flt.q, "fields": ["title^3", "description"], "operator": "and"}}
        names = {"match": {"organizers.name": {"query": flt.q, "operator": "and"}}}
        if paths.nested_organizers:
            names = {"nested": {"path": "organizers", "query": names}}
        must.append({"bool": {"should": [text, names], "minimum_should_match": 1}})
    return {"bool": {"filter": filters, "must": must}}


class FeedStore:
    """Events from the ``events`` index (or alias), as Event objects, for feeds and the HTTP app.

    (The dedup stage reads events through aggregator.index.events.ElasticsearchEventStore instead,
    by start minute and organizer.) aggregator.web.store.MemoryStore has the same methods."""

    def __init__(self, client, index: str, *, page_size: int = 5000, mapping_ttl: float = 300.0):
        self.client = client
        self.index = index
        self.page_size = page_size
        self.mapping_ttl = mapping_ttl
        self._paths: FieldPaths | None = None
        self._paths_at = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> "FeedStore":
        """A store on ``settings.index('events')`` through the project's one client factory."""
        return cls(connect(settings, check=False, request_timeout=15.0), settings.index("events"))

    def paths(self) -> FieldPaths:
        """Field paths from the mapping, re-read every ``mapping_ttl`` seconds."""
        with self._lock:
            if self._paths is not None and time.monotonic() - self._paths_at < self.mapping_ttl:
                return self._paths
        try:
            response = self._call(self.client.indices.get_mapping, index=self.index)
        except _Missing:
            return FieldPaths()
        properties: dict[str, Any] = {}
        nested = False
        for body in dict(response).values():
            props = (body.get("mappings") or {}).get("properties") or {}
            properties.update(props)
            nested = nested or (props.get("organizers") or {}).get("type") == "nested"
        exact = {}
        for name in _EXACT_FIELDS:
            path = _exact_path(properties, name)
            if path:
                exact[name] = path
        paths = FieldPaths(exact=exact, nested_organizers=nested)
        with self._lock:
            self._paths, self._paths_at = paths, time.monotonic()
        return paths

    def search(
        self, flt: FeedFilter | None = None, *, now: datetime | None, past_days: int = 30, limit: int | None = None
    ) -> list[Event]:
        """Events matching ``flt`` that end after ``now - past_days`` (all when now is None), by start."""
        flt = flt or FeedFilter()
        cutoff = now - timedelta(days=past_days) if now is not None else None
        paths = self.paths()
        query = build_query(flt, paths, cutoff=cutoff)
        return list(self._scan(query, paths, limit))

    def _scan(self, query: dict[str, Any], paths: FieldPaths, limit: int | None) -> Iterator[Event]:
        sort = [{"start": {"order": "asc", "unmapped_type": "date"}},
                {paths.of("event_id"): {"order": "asc", "unmapped_type": "keyword"}}]
        after = None
        produced = 0
        while True:
            size = self.page_size if limit is None else min(self.page_size, limit - produced)
            if size <= 0:
                return
            kwargs: dict[str, Any] = {"index": self.index, "query": query, "sort": sort, "size": size,
                                      "track_total_hits": False}
            if after is not None:
                kwargs["search_after"] = after
            try:
                response = self._call(self.client.search, **kwargs)
            except _Missing:
                return
            hits = response["hits"]["hits"]
            for hit in hits:
                event = _event(hit)
                if event is not None:
                    produced += 1
                    yield event
            if len(hits) < size:
                return
            after = hits[-1]["sort"]

    def get(self, event_id: str) -> Event | None:
        """One event by id (the document id, or the event_id field), or None."""
        paths = self.paths()
        query = {"bool": {"should": [{"ids": {"values": [event_id]}}, {"term": {paths.of("event_id"): event_id}}],
                          "minimum_should_match": 1}}
        try:
            response = self._call(self.client.search, index=self.index, query=query, size=1)
        except _Missing:
            return None
        hits = response["hits"]["hits"]
        return _event(hits[0]) if hits else None

    def organizations(self) -> dict[str, dict[str, str]]:
        """Every organization seen in events: id -> {name, type, country}."""
        paths = self.paths()
        aggs = {"orgs": {"terms": {"field": paths.of("organizers.id"), "size": 10000},
                         "aggs": {"sample": {"top_hits": {"size": 1, "_source": ["organizers"]}}}}}
        if paths.nested_organizers:
            aggs = {"nested_orgs": {"nested": {"path": "organizers"}, "aggs": aggs}}
        try:
            response = self._call(self.client.search, index=self.index, size=0, aggs=aggs)
        except _Missing:
            return {}
        root = response["aggregations"]
        if paths.nested_organizers:
            root = root["nested_orgs"]
        result = {}
        for bucket in root["orgs"]["buckets"]:
            org_id = bucket["key"]
            info = {"name": org_id, "type": "", "country": ""}
            for hit in bucket["sample"]["hits"]["hits"]:
                source = hit["_source"]
                organizers = source.get("organizers", source)
                if isinstance(organizers, dict):
                    organizers = [organizers]
                for org in organizers or ():
                    if org.get("id") == org_id:
                        info = {"name": org.get("name") or org_id, "type": org.get("type") or "",
                                "country": org.get("country") or ""}
            result[org_id] = info
        return result

    def ping(self) -> bool:
        """True when Elasticsearch answers."""
        try:
            return bool(self.client.ping())
        except Exception:  # noqa: BLE001 - a health check reports, it does not raise
            return False

    def _call(self, method, **kwargs):
        try:
            return method(**kwargs)
        except ES_ERRORS as exc:
            if is_missing_index(exc):
                raise _Missing() from None
            raise map_error(exc, client_url(self.client), f"the query on {self.index}") from None


class _Missing(Exception):
    """The events index does not exist yet: no events, not an error."""


def _event(hit: dict[str, Any]) -> Event | None:
    try:
        return Event.from_dict(hit["_source"])
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("skipping event document %s: %s", hit.get("_id"), exc)
        return None
