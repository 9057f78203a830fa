"""Pages give the events of one batch: the dev and own corpora deduplicated whole, and in pages of 7 through a store.

A page's events go to a ``MemoryEventStore`` and the next page starts a fresh ``Deduplicator`` that
knows them only as stored ``Event``s (a run resumed after a kill reads its earlier pages so), so every
page boundary is a round trip through the Event: what the matcher compares must survive it exactly.
Posts with no start wait, as they do in a run, until the last page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.dedup import Deduplicator, MemoryEventStore, assign_events
from aggregator.dedup.command import parse_line
from aggregator.extract import extract
from aggregator.models import Event

DATA = Path(__file__).resolve().parent.parent / "data"
CORPORA = {
    "dev": ("dev/dedup_dev.jsonl",),
    "own": ("dedup/corpus.jsonl", "dedup/handwritten.jsonl"),
}
PAGE = 7


def _items(names: tuple[str, ...]) -> list:
    out = []
    for name in names:
        for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                ann = parse_line(line, n)
                ex = extract(ann.text, ann.published, country=ann.country or None, timezone=ann.timezone,
                             title=ann.title or None)
                out.append((ann, ex))
    # the process stage reads pending announcements by (published, fetched_at, id)
    out.sort(key=lambda item: (item[0].published, item[0].fetched_at, item[0].id))
    return out


def _final(events: dict[str, Event], event_id: str) -> str:
    for _ in range(100):
        e = events.get(event_id)
        if e is None or not e.merged_into:
            return event_id
        event_id = e.merged_into
    raise AssertionError(f"merge chain from {event_id} does not end")


def _live(events: dict[str, Event]) -> dict[str, tuple]:
    return {i: (tuple(sorted(e.announcement_ids)), e.start, e.status, e.end)
            for i, e in events.items() if not e.merged_into}


def _in_one_batch(items) -> tuple[dict[str, str], dict[str, tuple]]:
    outcome = assign_events(items, MemoryEventStore())
    return outcome.assignments, _live(outcome.events)


def _in_stored_pages(items) -> tuple[dict[str, str], dict[str, tuple]]:
    store = MemoryEventStore()
    assigned: dict[str, str] = {}
    waiting: list = []  # posts with no start stay pending until the run's end
    for i in range(0, len(items), PAGE):
        dedup = Deduplicator(store)  # a fresh engine: earlier pages are known only from the store
        page = waiting + items[i:i + PAGE]
        outcome = dedup.feed(page)
        last = i + PAGE >= len(items)
        if last:
            done = dedup.finish()
            outcome.assignments.update(done.assignments)
            outcome.events.update(done.events)
        else:
            waiting = dedup.waiting
        store.put_all(outcome.events.values())
        assigned.update(outcome.assignments)
    events = store.events
    return {a: _final(events, e) for a, e in assigned.items()}, _live(events)


def _in_one_engine(items) -> tuple[dict[str, str], dict[str, tuple]]:
    store = MemoryEventStore()
    dedup = Deduplicator(store)
    assigned: dict[str, str] = {}
    for i in range(0, len(items), PAGE):
        outcome = dedup.feed(items[i:i + PAGE])
        store.put_all(outcome.events.values())
        assigned.update(outcome.assignments)
    outcome = dedup.finish()
    store.put_all(outcome.events.values())
    assigned.update(outcome.assignments)
    events = store.events
    return {a: _final(events, e) for a, e in assigned.items()}, _live(events)


@pytest.fixture(scope="module", params=sorted(CORPORA), ids=sorted(CORPORA))
def corpus(request):
    items = _items(CORPORA[request.param])
    return items, _in_one_batch(items)


@pytest.mark.parametrize("way", [_in_stored_pages, _in_one_engine], ids=["stored pages", "one engine"])
def test_pages_of_seven_give_the_events_of_one_batch(corpus, way):
    items, (one_assigned, one_live) = corpus
    assigned, live = way(items)
    assert sum(1 for a in one_assigned.values() if a) > 100
    differ = sorted(a for a in set(one_assigned) | set(assigned) if one_assigned.get(a) != assigned.get(a))
    assert not differ, f"{len(differ)} announcements end in other events: {differ[:10]}"
    assert live == one_live
