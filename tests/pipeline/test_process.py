"""process_pending against a real Elasticsearch: pages of any size give the same events, a run killed
part-way and run again ends like a clean run, and the pool path gives what the in-process path gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import Elasticsearch

from aggregator.dedup.command import parse_line
from aggregator.index.announcements import AnnouncementStore
from aggregator.index.templates import ensure_indices
from aggregator.models import Announcement
from aggregator.pipeline.process import process_pending
from tests.es_helpers import count_pending, processed

CORPUS = Path(__file__).resolve().parents[1] / "data" / "dedup" / "corpus.jsonl"
NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


def _docs() -> list[dict]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [parse_line(line, n).to_dict() for n, line in enumerate(lines, 1) if line.strip()]


def _land(settings, client, docs) -> None:
    """As collect lands them: each announcement, then its pending processing document."""
    ensure_indices(client, settings)
    store = AnnouncementStore.for_settings(client, settings)
    store.land(Announcement.from_dict(d) for d in docs)
    store.refresh()


def _state(settings, client) -> tuple[dict[str, str | None], dict[str, dict]]:
    """(announcement id -> event id it ends in, after merges; live events by id, without timestamps of writing)."""
    anns = processed(client, settings)
    evs = client.search(index=settings.index("events"), size=10_000, query={"match_all": {}})["hits"]["hits"]
    events = {h["_id"]: h["_source"] for h in evs}

    def final(event_id):
        for _ in range(100):
            if event_id not in events or not events[event_id].get("merged_into"):
                return event_id
            event_id = events[event_id]["merged_into"]
        raise AssertionError(f"merge chain from {event_id} does not end")

    assert all(a["pending"] is False for a in anns.values()), "an announcement is still pending"
    assigned = {i: final(a.get("event_id")) if a.get("event_id") else None for i, a in anns.items()}
    live = {i: e for i, e in events.items() if not e.get("merged_into")}
    return assigned, live


def _run(settings, client, docs, prefix: str, **kwargs):
    run = replace(settings, index_prefix=f"{settings.index_prefix}{prefix}-")
    _land(run, client, docs)
    counts = process_pending(run, NOW, **kwargs)
    return run, counts, _state(run, client)


@pytest.fixture(scope="module")
def docs():
    return _docs()


def test_small_pages_in_a_pool_give_the_events_of_one_big_page(settings, es_client, docs):
    _, one_counts, (one_assigned, one_events) = _run(settings, es_client, docs, "one", batch_size=10_000, workers=1)
    _, many_counts, (many_assigned, many_events) = _run(settings, es_client, docs, "many", batch_size=7, workers=2)
    assert one_counts["announcements"] == many_counts["announcements"] == len(docs)
    assert sum(1 for e in one_assigned.values() if e) > 100  # the corpus is mostly events
    assert many_assigned == one_assigned
    assert sorted(many_events) == sorted(one_events)
    for event_id, event in one_events.items():
        assert sorted(many_events[event_id]["announcement_ids"]) == sorted(event["announcement_ids"])
        assert many_events[event_id]["start"] == event["start"]
        assert many_events[event_id]["status"] == event["status"]


def test_a_second_run_finds_nothing_pending_and_changes_nothing(settings, es_client, docs):
    run, _, before = _run(settings, es_client, docs[:120], "again", batch_size=25)
    counts = process_pending(run, NOW, batch_size=25)
    assert counts == {"announcements": 0, "events_written": 0, "not_events": 0, "errors": 0}
    assert _state(run, es_client) == before


class _Failing:
    """Makes the real client's ``method`` fail as if Elasticsearch went away, from its ``after``-th call on."""

    def __init__(self, monkeypatch, method: str, after: int):
        self.calls = 0
        original = getattr(Elasticsearch, method)

        def failing(client, *args, **kwargs):
            self.calls += 1
            if self.calls > after:
                raise ESConnectionError("injected: Elasticsearch stopped answering")
            return original(client, *args, **kwargs)

        monkeypatch.setattr(Elasticsearch, method, failing)


# A run over the corpus in pages of 40 makes ~12 searches (its pages, and one look at the events
# snapshot): "search" 4 is a kill early in the read, 9 a kill late in it.
@pytest.mark.parametrize("method, after", [("bulk", 0), ("bulk", 5), ("bulk", 17), ("search", 4), ("search", 9)])
def test_a_run_killed_part_way_and_run_again_ends_like_a_clean_run(settings, es_client, docs, monkeypatch, method, after):
    _, clean_counts, (clean_assigned, clean_events) = _run(settings, es_client, docs, "clean", batch_size=40)

    run = replace(settings, index_prefix=f"{settings.index_prefix}killed-")
    _land(run, es_client, docs)
    with monkeypatch.context() as patch:
        failing = _Failing(patch, method, after)
        with pytest.raises(Exception):
            process_pending(run, NOW, batch_size=40)
    assert failing.calls > after  # it did fail, part-way
    pending = count_pending(es_client, run)
    assert 0 < pending  # something was left to do
    counts = process_pending(run, NOW, batch_size=40)
    assert counts["announcements"] == pending  # the second run took up exactly what was left
    assigned, events = _state(run, es_client)
    assert assigned == clean_assigned
    assert sorted(events) == sorted(clean_events)
    held = [a for e in events.values() for a in e["announcement_ids"]]
    assert len(held) == len(set(held)), "an announcement is in two live events"
    assert clean_counts["announcements"] == len(docs)


def _process_in_a_daemon(run, results) -> None:
    results.put(process_pending(run, NOW, batch_size=50, workers=2)["announcements"])


def test_a_daemonic_task_process_extracts_in_place_instead_of_failing(settings, es_client, docs):
    """Celery runs tasks in daemonic processes, which Python forbids to start children: the stage must
    still finish there (it extracts in its own process) rather than fail every try."""
    import multiprocessing

    run = replace(settings, index_prefix=f"{settings.index_prefix}daemon-")
    _land(run, es_client, docs[:60])
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    worker = context.Process(target=_process_in_a_daemon, args=(run, results), daemon=True)
    worker.start()
    worker.join(300)
    assert worker.exitcode == 0
    assert results.get(timeout=5) == 60
    assert _state(run, es_client)[0]  # every announcement processed, none left pending
