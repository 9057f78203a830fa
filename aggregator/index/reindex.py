"""Zero-downtime reindex: copy the alias's index into a new version, catch up, swap the alias atomically.

Readers and writers only ever use the alias, which keeps pointing at the old index (a single
index, so get/mget by id keep working) until the swap. Writes that land in the old index while
it is being copied are caught up by ``_seq_no``: each round copies what was written since the
previous round's checkpoint (the minimum over shards of ``max_seq_no``, taken before a refresh,
so nothing written after it can be missed). When a round is small, the old index gets a write
block (``_block/write`` waits for in-flight writes), a last round copies the tail, and one
``_aliases`` request moves the alias. Writes refused during that short block come back as 403
``cluster_block_exception`` items, which bulk_upsert retries: they land in the new index.
Deletes made during a reindex are not replayed (the pipeline never deletes).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from elasticsearch import Elasticsearch

from aggregator.config import Settings
from aggregator.errors import ElasticsearchError
from aggregator.index.aliases import create_write_index, next_version, put_templates, write_index
from aggregator.index.client import translate_errors
from aggregator.index.mappings import NAMES, versioned_name

__all__ = ["ReindexReport", "reindex", "migrate_concrete_index"]

log = logging.getLogger(__name__)


@dataclass
class ReindexReport:
    """What a reindex did, for the command's output and the tests."""

    alias: str
    old: str
    new: str
    rounds: list[int] = field(default_factory=list)  # documents copied per round, first = bulk copy
    blocked_ms: int = 0  # how long writes were refused (and retried by writers)
    documents: int = 0
    old_deleted: bool = False


def reindex(
    client: Elasticsearch,
    settings: Settings,
    name: str,
    *,
    delete_old: bool = False,
    small: int = 200,
    max_rounds: int = 20,
) -> ReindexReport:
    """Move alias ``settings.index(name)`` onto a fresh ``-vN+1`` index built from the current template."""
    if name not in NAMES:
        raise ElasticsearchError(f"unknown index {name!r}: choose one of {', '.join(NAMES)}")
    alias = settings.index(name)
    with translate_errors(settings.elasticsearch_url):
        put_templates(client, settings)
        old = write_index(client, alias)
        if old is None:
            if client.indices.exists(index=alias):
                new = migrate_concrete_index(client, settings, name, small=small, max_rounds=max_rounds)
                return ReindexReport(alias=alias, old=alias, new=new, old_deleted=True)
            created = create_write_index(client, settings, name)
            return ReindexReport(alias=alias, old="", new=created)
        new = versioned_name(settings, name, next_version(client, settings, name))
        client.indices.create(index=new)
        report = ReindexReport(alias=alias, old=old, new=new)
        _copy_and_swap(client, report, legacy=False, small=small, max_rounds=max_rounds)
        if delete_old:
            client.indices.delete(index=old)
            report.old_deleted = True
        return report


def migrate_concrete_index(
    client: Elasticsearch, settings: Settings, name: str, *, small: int = 200, max_rounds: int = 20
) -> str:
    """A plain index named like the alias (older builds) -> ``-vN`` plus the alias, atomically."""
    alias = settings.index(name)
    put_templates(client, settings)
    new = versioned_name(settings, name, next_version(client, settings, name))
    client.indices.create(index=new)
    report = ReindexReport(alias=alias, old=alias, new=new)
    _copy_and_swap(client, report, legacy=True, small=small, max_rounds=max_rounds)
    log.warning("migrated plain index %s into %s behind alias %s (%s documents)", alias, new, alias, report.documents)
    return new


def _checkpoint(client: Elasticsearch, index: str) -> int:
    """Lowest max_seq_no over the primaries: every write after this call has a higher _seq_no."""
    stats = client.indices.stats(index=index, level="shards", metric="docs")
    seqs = []
    for copies in stats["indices"][index]["shards"].values():
        for copy in copies:
            if copy.get("routing", {}).get("primary", True):
                seqs.append(copy["seq_no"]["max_seq_no"])
    return min(seqs) if seqs else -1


def _copy(client: Elasticsearch, old: str, new: str, after: int | None) -> int:
    client.indices.refresh(index=old)
    source: dict = {"index": old, "size": 2000}
    if after is not None:
        source["query"] = {"range": {"_seq_no": {"gt": after}}}
    response = client.options(request_timeout=3600).reindex(
        source=source, dest={"index": new, "op_type": "index"}, wait_for_completion=True, refresh=False,
        slices="auto",
    )
    if response.get("failures"):
        raise ElasticsearchError(f"reindex {old} -> {new} failed: {response['failures'][:3]}")
    return int(response.get("created", 0)) + int(response.get("updated", 0))


def _copy_and_swap(client: Elasticsearch, report: ReindexReport, *, legacy: bool, small: int, max_rounds: int) -> None:
    old, new, alias = report.old, report.new, report.alias
    try:
        checkpoint = _checkpoint(client, old)
        report.rounds.append(_copy(client, old, new, None))
        for _ in range(max_rounds):
            following = _checkpoint(client, old)
            copied = _copy(client, old, new, checkpoint)
            report.rounds.append(copied)
            checkpoint = following
            if copied <= small:
                break
        blocked_at = time.monotonic()
        client.indices.add_block(index=old, block="write")
        try:
            report.rounds.append(_copy(client, old, new, checkpoint))
            client.indices.refresh(index=[old, new])
            old_count = client.count(index=old)["count"]
            new_count = client.count(index=new)["count"]
            if new_count < old_count:
                raise ElasticsearchError(f"reindex {old} -> {new}: {new_count} documents copied of {old_count}; alias left on {old}")
            report.documents = new_count
            if legacy:
                actions = [{"remove_index": {"index": old}}, {"add": {"index": new, "alias": alias, "is_write_index": True}}]
            else:
                actions = [{"remove": {"index": old, "alias": alias}}, {"add": {"index": new, "alias": alias, "is_write_index": True}}]
            client.indices.update_aliases(actions=actions)
        except Exception:
            _unblock(client, old)
            raise
        report.blocked_ms = int((time.monotonic() - blocked_at) * 1000)
    except Exception:
        client.options(ignore_status=404).indices.delete(index=new)
        raise
    log.info("alias %s moved from %s to %s (%s documents, rounds %s, writes blocked %d ms)",
             alias, old, new, report.documents, report.rounds, report.blocked_ms)


def _unblock(client: Elasticsearch, index: str) -> None:
    client.options(ignore_status=404).indices.put_settings(index=index, settings={"index.blocks.write": None})
