"""Zero-downtime reindex: a writer keeps writing through the alias during the copy and the swap; nothing is lost."""

from __future__ import annotations

import threading
import time

from aggregator.index.bulk import bulk_upsert
from aggregator.index.reindex import reindex
from aggregator.index.templates import write_index


def test_reindex_while_writing_loses_nothing(indexed, settings):
    alias = settings.index("events")
    bulk_upsert(indexed, alias, [(f"old-{i}", {"event_id": f"old-{i}", "title": "ندوة", "version": 0}) for i in range(3000)])
    stop = threading.Event()
    written: list[str] = []
    errors: list[Exception] = []

    def writer():
        n = 0
        try:
            while not stop.is_set() or n < 50:
                batch = [(f"new-{n + k}", {"event_id": f"new-{n + k}", "title": "الانتخابات"}) for k in range(5)]
                bulk_upsert(indexed, alias, batch, backoff=0.05)
                # and updates of documents that exist before the reindex started
                bulk_upsert(indexed, alias, [(f"old-{n}", {"version": n + 1})], partial=True, backoff=0.05)
                written.extend(i for i, _ in batch)
                n += 5
                time.sleep(0.002)
        except Exception as exc:  # noqa: BLE001 - surfaced by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.2)
    report = reindex(indexed, settings, "events", small=20)
    stop.set()
    thread.join(timeout=60)
    assert not errors
    assert report.new == f"{alias}-v2" and write_index(indexed, alias) == report.new
    assert indexed.indices.get_alias(name=alias) == {report.new: {"aliases": {alias: {"is_write_index": True}}}}
    indexed.indices.refresh(index=alias)
    assert indexed.count(index=alias)["count"] == 3000 + len(written)
    assert len(written) > 50  # the writer really ran during the reindex
    missing = [i for i in written if not indexed.exists(index=alias, id=i)]
    assert missing == []
    last = len(written) - 5
    versions = {d["_id"]: d["_source"].get("version") for d in
                indexed.mget(index=alias, ids=[f"old-{n}" for n in range(0, last, 5)])["docs"]}
    assert all(versions[f"old-{n}"] == n + 1 for n in range(0, last, 5)), "an update made during the reindex was lost"


def test_reindex_applies_the_current_template_and_keeps_reads_working(indexed, settings):
    alias = settings.index("announcements")
    bulk_upsert(indexed, alias, [("a1", {"id": "a1", "pending": True, "title": "ندوة"})], refresh=True)
    report = reindex(indexed, settings, "announcements", delete_old=True)
    assert report.old_deleted and not indexed.indices.exists(index=report.old)
    mapping = indexed.indices.get_mapping(index=report.new)[report.new]["mappings"]
    assert mapping["properties"]["pending"]["type"] == "boolean"
    hits = indexed.search(index=alias, query={"term": {"pending": True}}, sort=[{"id": "asc"}])["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["a1"]
    assert indexed.mget(index=alias, ids=["a1"])["docs"][0]["found"]
