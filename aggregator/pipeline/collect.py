"""The collect stage: fetch sources, land their announcements in ES untouched, record each source's health.

One source's trouble (network, HTTP status, a feed that does not parse) is recorded as health and never
fails the others; only Elasticsearch trouble raises (aggregator.errors.ElasticsearchError), so Airflow retries.
Every Elasticsearch call goes through the stores of aggregator.index (announcements, source health).
``collect_many`` is the bulk path (thread pool, per-host limit, batched health reads and writes);
``collect_source`` is the same path for one source, as the mapped DAG task runs it.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any, Iterable

from aggregator.config import Settings
from aggregator.errors import AggregatorError, ElasticsearchError
from aggregator.index.announcements import AnnouncementStore
from aggregator.index.client import connect
from aggregator.index.health import SourceHealthStore
from aggregator.index.templates import ensure_indices
from aggregator.models import Announcement, Source
from aggregator.sources.fetch import HostLimiter, fetch, make_client
from aggregator.sources.html import collect_posts, listing_links
from aggregator.sources.items import ParseReport
from aggregator.sources.parsers import KINDS, parse
from aggregator.sources.registry import load_registry

__all__ = [
    "list_sources", "prepare_indices", "collect_source", "collect_many", "source_health",
    "FAILURE_THRESHOLD", "BACKOFF_CAP",
]

log = logging.getLogger(__name__)

FAILURE_THRESHOLD = 3  # consecutive failures before a source is skipped until its back-off expires
BACKOFF_CAP = timedelta(hours=24)
DUE_SLACK = timedelta(minutes=5)  # an hourly run that starts a little early still fetches an hourly source
STATUSES = ("ok", "not_modified", "partial", "failed", "skipped")


def list_sources(settings: Settings) -> list[str]:
    """Ids of the enabled sources of the registry whose kind this build can fetch."""
    return [s.id for s in load_registry(settings.sources_path) if s.enabled and s.kind in KINDS]


def prepare_indices(settings: Settings) -> None:
    """Create the indices if needed (idempotent); run before the first write of a pipeline run."""
    ensure_indices(connect(settings), settings)


def collect_source(source_id: str, settings: Settings, now: datetime, *, force: bool = False) -> dict[str, Any]:
    """Fetch ``source_id`` once. Never raises for the source's own faults: they are recorded as health.

    Returns small counts for XCom: ``{"source", "status", "seen", "new", "changed", "error",
    "consecutive_failures"}``. ``force`` (a manual or pushed "fetch now") ignores the poll interval
    and the back-off. Raises only when Elasticsearch itself fails (so the task retries, losing nothing).
    """
    return collect_many([source_id], settings, now, concurrency=1, force=force)[0]


def collect_many(
    source_ids: Iterable[str],
    settings: Settings,
    now: datetime,
    *,
    concurrency: int = 8,
    per_host: int = 2,
    force: bool = False,
    failure_threshold: int = FAILURE_THRESHOLD,
    registry: list[Source] | None = None,
) -> list[dict[str, Any]]:
    """Fetch many sources on a thread pool, at most ``per_host`` at a time per host; one health read
    (mget) and one health write (bulk) for the lot. Results are in the order of ``source_ids``."""
    by_id = {s.id: s for s in (registry if registry is not None else load_registry(settings.sources_path))}
    source_ids = list(source_ids)
    missing = [i for i in source_ids if i not in by_id]
    if missing:
        raise AggregatorError(f"source {missing[0]!r} is not in {settings.sources_path}")
    es = connect(settings)
    announcements = AnnouncementStore.for_settings(es, settings)
    health_store = SourceHealthStore.for_settings(es, settings)
    previous = health_store.get_many(source_ids)
    limiter = HostLimiter(per_host)
    results: list[tuple[dict, dict | None]] = []
    with make_client(user_agent=settings.user_agent, timeout=settings.fetch_timeout,
                     max_connections=max(concurrency, 1)) as http:
        def one(source_id: str):
            source = by_id[source_id]
            prev = previous.get(source_id) or {}
            skip = None if force else _skip_reason(source, prev, now, failure_threshold)
            if skip is not None:
                return _skipped(source, prev, skip), None
            return _collect_one(source, prev, announcements, http, limiter, settings, now, failure_threshold)

        if concurrency <= 1 or len(source_ids) <= 1:
            results = [one(i) for i in source_ids]
        else:
            with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="collect") as pool:
                results = list(pool.map(one, source_ids))
    health_store.write([(counts["source"], health) for counts, health in results if health is not None])
    if any(counts["new"] or counts["changed"] for counts, _ in results):
        announcements.refresh()
    return [counts for counts, _ in results]


def source_health(settings: Settings, source_ids: list[str] | None = None) -> dict[str, dict]:
    """The health documents of the ``sources`` index, by source id (all of them without ids)."""
    store = SourceHealthStore.for_settings(connect(settings), settings)
    return store.all() if source_ids is None else store.get_many(source_ids)


def _skip_reason(source: Source, prev: dict, now: datetime, threshold: int) -> str | None:
    failures = int(prev.get("consecutive_failures") or 0)
    retry_after = _parse(prev.get("retry_after"))
    if failures >= threshold and retry_after and now < retry_after:
        return f"failed {failures} times in a row; backing off until {retry_after.isoformat()}"
    last = _parse(prev.get("last_fetch"))
    if last and failures == 0 and now < last + timedelta(minutes=source.poll_interval_minutes) - DUE_SLACK:
        return ""  # not due yet: a skip, not a problem
    return None


def _skipped(source: Source, prev: dict, reason: str) -> dict:
    return {"source": source.id, "status": "skipped", "seen": 0, "new": 0, "changed": 0,
            "error": reason or None, "consecutive_failures": int(prev.get("consecutive_failures") or 0)}


def _backoff(source: Source, failures: int, threshold: int) -> timedelta:
    base = timedelta(minutes=max(source.poll_interval_minutes, 15))
    return min(base * 2 ** max(failures - threshold + 1, 1), BACKOFF_CAP)  # 2, 4, 8... poll intervals


def _collect_one(source: Source, prev: dict, announcements: AnnouncementStore, http, limiter, settings: Settings,
                 now: datetime, threshold: int) -> tuple[dict, dict]:
    started = time.monotonic()
    health: dict[str, Any] = {
        "source_id": source.id, "org_id": source.org_id, "org_type": source.org_type,
        "country": source.country, "kind": source.kind, "url": source.url, "last_fetch": now.isoformat(),
        "etag": prev.get("etag"), "last_modified": prev.get("last_modified"),
        "http_status": None, "bytes": 0, "final_url": None, "retry_after": None,
    }
    counts = {"source": source.id, "status": "ok", "seen": 0, "new": 0, "changed": 0, "error": None,
              "consecutive_failures": 0}
    try:
        result = fetch(http, source.url, etag=prev.get("etag"), last_modified=prev.get("last_modified"),
                       max_bytes=settings.max_bytes, limiter=limiter,
                       allow_private_network=source.allow_private_network or settings.allow_private_network)
        health.update(http_status=result.status, bytes=len(result.body or b""),
                      final_url=result.url if result.url != source.url else None)
        if result.not_modified:
            counts["status"] = "not_modified"
        else:
            report = ParseReport()
            found = _parse_result(source, result, report, announcements, http, limiter, settings, now)
            counts["seen"] = len(found)
            counts["new"], counts["changed"] = announcements.land(found)
            health.update(etag=result.etag, last_modified=result.last_modified)
            if report.warnings:
                counts["status"] = "partial"
                counts["error"] = "; ".join(report.warnings)[:2000]
                log.warning("source %s: %s", source.id, counts["error"])
        health["last_success"] = now.isoformat()
    except ElasticsearchError:  # Elasticsearch, not the source: let Airflow retry
        raise
    except Exception as exc:  # the source's own fault, whatever it is, stays with the source
        message = str(exc) if isinstance(exc, AggregatorError) else f"{type(exc).__name__}: {exc}"
        failures = int(prev.get("consecutive_failures") or 0) + 1
        counts.update(status="failed", error=message[:2000], consecutive_failures=failures)
        if failures >= threshold:
            health["retry_after"] = (now + _backoff(source, failures, threshold)).isoformat()
        # A warning, not an error: the source is at fault, its health records it, and the run goes on.
        log.warning("source %s failed (%d in a row): %s", source.id, failures, message)
    health.update(
        status=counts["status"], items_seen=counts["seen"], items_new=counts["new"],
        items_changed=counts["changed"], error=counts["error"],
        consecutive_failures=counts["consecutive_failures"],
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    return counts, health


def _parse_result(source: Source, result, report: ParseReport, announcements: AnnouncementStore, http, limiter,
                  settings: Settings, now: datetime) -> list[Announcement]:
    if source.kind != "html":
        return list(parse(source.kind, result.body, source, now, report, result.content_type, result.url))

    links = listing_links(result.body, source, result.content_type, result.url)
    if not links:
        report.warn(f"no links matched {source.link_selector or 'the default selector'!r} on the listing page")

    def get(url: str):
        post = fetch(http, url, max_bytes=settings.max_bytes, limiter=limiter,
                     allow_private_network=source.allow_private_network or settings.allow_private_network)
        return post.body or b"", post.content_type, post.url

    return list(collect_posts(links, source, now, report, get, announcements.known))


def _parse(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
