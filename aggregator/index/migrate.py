"""Move stored announcements onto ids owned by their source, and the events that list them with them.

Announcement ids used to be a hash of the canonical URL alone, so any source that listed another
organization's link could overwrite that organization's announcement. They now include the source
(`aggregator.sources.urls.announcement_id`). Without this migration, the first collect after the
upgrade would land every known item a second time under its new id, and dedup would see each post twice.

The migration is idempotent and resumable: an id already of the current scheme is left alone, a new
document is written before the old one is deleted, and events are rewritten from the mapping of the
announcements it moved. Event ids are kept as they are, so calendar UIDs do not change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from elasticsearch import Elasticsearch, helpers

from aggregator.config import Settings
from aggregator.index.bulk import bulk_upsert
from aggregator.index.client import translate_errors
from aggregator.sources.urls import migrated_announcement_id

__all__ = ["IdMigrationReport", "migrate_announcement_ids"]

log = logging.getLogger(__name__)


@dataclass
class IdMigrationReport:
    """What a migration did, for the command's output and the tests."""

    announcements_seen: int = 0
    announcements_moved: int = 0
    events_rewritten: int = 0
    refused: int = 0  # documents with no source_id: left where they are, named in the log


def migrate_announcement_ids(client: Elasticsearch, settings: Settings, *, batch: int = 1000) -> IdMigrationReport:
    """Rewrite every announcement stored under an id of the old scheme, then the events that list it."""
    report = IdMigrationReport()
    announcements, events = settings.index("announcements"), settings.index("events")
    moved: dict[str, str] = {}
    with translate_errors(settings.elasticsearch_url):
        if not client.indices.exists(index=announcements):
            return report
        client.indices.refresh(index=announcements)  # the scan must see every write made before it
        pending_writes: list[tuple[str, dict]] = []
        pending_deletes: list[str] = []

        def flush() -> None:
            # New documents first: killed between the two steps, a re-run finds the old id again,
            # maps it to the same new id and overwrites it, so nothing is lost or doubled.
            bulk_upsert(client, announcements, pending_writes)
            helpers.bulk(client, ({"_op_type": "delete", "_index": announcements, "_id": i} for i in pending_deletes),
                         raise_on_error=False)
            pending_writes.clear()
            pending_deletes.clear()

        for hit in helpers.scan(client, index=announcements, query={"query": {"match_all": {}}}, size=batch):
            report.announcements_seen += 1
            old = hit["_id"]
            try:
                new = migrated_announcement_id(old, hit["_source"])
            except ValueError as exc:
                report.refused += 1
                log.warning("announcement %s not migrated: %s", old, exc)
                continue
            if new == old:
                continue
            moved[old] = new
            pending_writes.append((new, {**hit["_source"], "id": new}))
            pending_deletes.append(old)
            if len(pending_writes) >= batch:
                flush()
        flush()
        report.announcements_moved = len(moved)
        if moved:
            _move_processing(client, settings.index("processing"), moved, batch)
        if moved and client.indices.exists(index=events):
            client.indices.refresh(index=events)
            report.events_rewritten = _rewrite_events(client, events, moved, batch)
        client.indices.refresh(index=[announcements, events] if client.indices.exists(index=events) else announcements)
    return report


def _move_processing(client: Elasticsearch, index: str, moved: dict[str, str], batch: int) -> None:
    """Each moved announcement's processing document follows it to its new id (new first, as above)."""
    if not client.indices.exists(index=index):
        return
    client.indices.refresh(index=index)
    olds = sorted(moved)
    for i in range(0, len(olds), batch):
        found = client.mget(index=index, ids=olds[i:i + batch])["docs"]
        docs = [(moved[d["_id"]], {**d["_source"], "id": moved[d["_id"]]}) for d in found if d.get("found")]
        if docs:
            bulk_upsert(client, index, docs)
            helpers.bulk(client, ({"_op_type": "delete", "_index": index, "_id": d["_id"]} for d in found if d.get("found")),
                         raise_on_error=False)
    client.indices.refresh(index=index)


def _rewrite_events(client: Elasticsearch, events: str, moved: dict[str, str], batch: int) -> int:
    """Each event listing a moved announcement gets its new id, in the same order."""
    rewritten = 0
    olds = sorted(moved)
    for i in range(0, len(olds), batch):
        query = {"query": {"terms": {"announcement_ids": olds[i:i + batch]}}, "_source": ["announcement_ids"]}
        updates = [
            (hit["_id"], {"announcement_ids": [moved.get(a, a) for a in hit["_source"].get("announcement_ids") or []]})
            for hit in helpers.scan(client, index=events, query=query, size=batch)
        ]
        bulk_upsert(client, events, updates, partial=True)
        rewritten += len(updates)
    return rewritten
