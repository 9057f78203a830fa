"""The collect stage: fetch one source, land its announcements in ES untouched, record the source's health."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from aggregator.config import Settings
from aggregator.errors import AggregatorError, IndexError_
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import connect
from aggregator.index.templates import ensure_indices
from aggregator.models import Source
from aggregator.sources.fetch import fetch, make_client
from aggregator.sources.registry import load_registry
from aggregator.sources.rss import FeedReport, parse_feed

__all__ = ["list_sources", "prepare_indices", "collect_source"]

log = logging.getLogger(__name__)

PARSERS = {"rss": parse_feed, "atom": parse_feed}


def list_sources(settings: Settings) -> list[str]:
    """Ids of the enabled sources of the registry whose kind this build can fetch."""
    return [s.id for s in load_registry(settings.sources_path) if s.enabled and s.kind in PARSERS]


def prepare_indices(settings: Settings) -> None:
    """Create the indices if needed (idempotent); run before the first write of a pipeline run."""
    ensure_indices(connect(settings), settings)


def collect_source(source_id: str, settings: Settings, now: datetime) -> dict[str, Any]:
    """Fetch ``source_id`` once. Never raises for the source's own faults: they are recorded as health.

    Returns small counts for XCom: ``{"source", "status", "seen", "new", "changed", "error"}``.
    Raises only when Elasticsearch itself is unreachable (so the task retries and loses nothing).
    """
    source = next((s for s in load_registry(settings.sources_path) if s.id == source_id), None)
    if source is None:
        raise AggregatorError(f"source {source_id!r} is not in {settings.sources_path}")
    client = connect(settings)
    health_index = settings.index("sources")
    previous = _get(client, health_index, source.id) or {}
    started = time.monotonic()
    health: dict[str, Any] = {
        "source_id": source.id, "org_id": source.org_id, "org_type": source.org_type,
        "country": source.country, "kind": source.kind, "url": source.url, "last_fetch": now.isoformat(),
        "etag": previous.get("etag"), "last_modified": previous.get("last_modified"),
    }
    counts = {"source": source.id, "status": "ok", "seen": 0, "new": 0, "changed": 0, "error": None}
    try:
        with make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout) as http:
            result = fetch(http, source.url, etag=previous.get("etag"), last_modified=previous.get("last_modified"), max_bytes=settings.max_bytes)
        health.update(http_status=result.status, bytes=len(result.body or b""))
        if result.not_modified:
            counts["status"] = "not_modified"
        else:
            report = FeedReport()
            announcements = list(PARSERS[source.kind](result.body, source, now, report))
            counts["seen"] = len(announcements)
            new, changed = _land(client, settings, announcements)
            counts["new"], counts["changed"] = new, changed
            health.update(etag=result.etag, last_modified=result.last_modified)
            if report.warnings:
                counts["status"] = "partial"
                health["error"] = "; ".join(report.warnings)[:2000]
                for warning in report.warnings:
                    log.warning(warning)
        health["consecutive_failures"] = 0
    except AggregatorError as exc:
        if isinstance(exc, IndexError_):  # ES trouble: fail the task so Airflow retries it
            raise
        counts.update(status="failed", error=str(exc))
        health.update(error=str(exc), consecutive_failures=int(previous.get("consecutive_failures") or 0) + 1)
        log.error("source %s failed: %s", source.id, exc)
    health.update(
        status=counts["status"], items_seen=counts["seen"], items_new=counts["new"],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    if counts["status"] in ("ok", "not_modified"):
        health["error"] = None
    bulk_upsert(client, health_index, [(source.id, health)], partial=True, refresh="wait_for")
    return counts


def _land(client, settings: Settings, announcements) -> tuple[int, int]:
    """Upsert new or changed announcements with pending=true; unchanged ones are left as they are."""
    if not announcements:
        return 0, 0
    index = settings.index("announcements")
    by_id = {a.id: a for a in announcements}  # a feed may repeat an item: last one wins
    found = client.mget(index=index, ids=list(by_id), source_includes=["content_hash"])["docs"]
    old = {d["_id"]: d["_source"]["content_hash"] for d in found if d.get("found")}
    new = [a for a in by_id.values() if a.id not in old]
    changed = [a for a in by_id.values() if a.id in old and old[a.id] != a.content_hash]
    docs = [(a.id, {**a.to_dict(), "pending": True}) for a in new + changed]
    if docs:
        bulk_upsert(client, index, docs, refresh="wait_for")
    return len(new), len(changed)


def _get(client, index: str, doc_id: str) -> dict | None:
    response = client.options(ignore_status=404).get(index=index, id=doc_id)
    return response.get("_source") if response.get("found") else None

