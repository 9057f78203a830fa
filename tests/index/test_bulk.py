"""bulk_upsert: idempotent by id, retries only the items refused with a retryable status, reports the rest."""

from __future__ import annotations

import json

import pytest

from aggregator.errors import BulkWriteError
from aggregator.index.bulk import bulk_upsert
from aggregator.index.documents import event_document
from tests.index.seed import EVENTS


def test_upsert_twice_gives_the_same_count(indexed, settings):
    index = settings.index("events")
    docs = [(e.event_id, event_document(e)) for e in EVENTS]
    first = bulk_upsert(indexed, index, docs, refresh=True)
    second = bulk_upsert(indexed, index, docs, refresh=True)
    assert first.written == second.written == len(EVENTS)
    assert indexed.count(index=index)["count"] == len(EVENTS)


def test_partial_upsert_merges_into_the_document(indexed, settings):
    index = settings.index("sources")
    bulk_upsert(indexed, index, [("s1", {"source_id": "s1", "status": "ok", "items_seen": 3})], partial=True)
    bulk_upsert(indexed, index, [("s1", {"status": "failed", "new_counter": 1})], partial=True, refresh=True)
    doc = indexed.get(index=index, id="s1")["_source"]
    assert doc == {"source_id": "s1", "status": "failed", "items_seen": 3, "new_counter": 1}


class Flaky:
    """A client whose bulk refuses some items once with ``status`` (as an overloaded node does)."""

    def __init__(self, client, refuse: set[str], status: int = 429, times: int = 1):
        self.client, self.refuse, self.status, self.times = client, refuse, status, times
        self.indices = client.indices
        self.transport = client.transport
        self.sent: list[list[str]] = []

    def bulk(self, operations, **kwargs):
        lines = operations.split(b"\n")
        pairs = [(lines[i], lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
        ids = [next(iter(json.loads(h).values()))["_id"] for h, _ in pairs]
        self.sent.append(ids)
        refuse = self.refuse if self.times > 0 else set()
        self.times -= 1
        keep = [p for p, i in zip(pairs, ids) if i not in refuse]
        real = self.client.bulk(operations=b"".join(h + b"\n" + b + b"\n" for h, b in keep), **kwargs) if keep else {"items": []}
        real_items = iter(real["items"])
        items = []
        for doc_id in ids:
            if doc_id in refuse:
                items.append({"index": {"_id": doc_id, "status": self.status,
                                        "error": {"type": "es_rejected_execution_exception", "reason": "queue full"}}})
            else:
                items.append(next(real_items))
        return {"errors": bool(refuse), "items": items}


def test_only_failed_items_are_retried(indexed, settings):
    index = settings.index("events")
    docs = [(e.event_id, event_document(e)) for e in EVENTS]
    flaky = Flaky(indexed, refuse={"e-ugtt-1", "e-noend"})
    result = bulk_upsert(flaky, index, docs, refresh=True, backoff=0.01)
    assert flaky.sent[1] == ["e-noend", "e-ugtt-1"]  # second request: only what was refused
    assert result.written == len(EVENTS) and result.retried == 2 and not result.failed
    assert indexed.count(index=index)["count"] == len(EVENTS)


def test_what_still_fails_is_reported_not_dropped(indexed, settings):
    index = settings.index("events")
    docs = [(e.event_id, event_document(e)) for e in EVENTS]
    flaky = Flaky(indexed, refuse={"e-ugtt-2"}, status=503, times=99)
    with pytest.raises(BulkWriteError) as caught:
        bulk_upsert(flaky, index, docs, retries=2, backoff=0.01)
    assert [f["id"] for f in caught.value.failed] == ["e-ugtt-2"]
    assert "1 documents could not be written" in str(caught.value)
    assert f"the rest ({len(EVENTS) - 1}) were written" in str(caught.value)


def test_a_refused_document_is_reported(indexed, settings):
    index = settings.index("events")
    docs = [("good", {"event_id": "good", "start": "2026-03-12T20:00:00+01:00"}), ("bad", {"event_id": "bad", "start": "not a date"})]
    with pytest.raises(BulkWriteError) as caught:
        bulk_upsert(indexed, index, docs, refresh=True)
    assert [(f["id"], f["status"]) for f in caught.value.failed] == [("bad", 400)]
    assert indexed.count(index=index)["count"] == 1
