"""Pages give the events of one batch: the dev and own corpora deduplicated whole, and in pages of 7 through a store.

A page's events go to a ``MemoryEventStore`` and the next page starts a fresh ``Deduplicator`` that
knows them only as stored ``Event``s (a run resumed after a kill reads its earlier pages so), so every
page boundary is a round trip through the Event: what the matcher compares must survive it exactly.
Posts with no start wait, as they do in a run, until the last page.
"""

from __future__ import annotations

import json
from dataclasses import replace
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


def _evidence(c) -> dict:
    ev = c.evidence
    return {"tokens": ev.tokens, "episodes": ev.episodes, "joins": sorted(ev.joins), "urls": sorted(ev.urls),
            "org_ids": sorted(ev.org_ids), "org_names": sorted(map(sorted, ev.org_names)), "past": ev.past,
            "places": sorted(ev.places), "remote": ev.remote, "grams": ev.grams, "schedule": c.schedule}


def _clusters(items):
    from aggregator.dedup.engine import _Engine, default_matcher

    engine = _Engine(MemoryEventStore(), default_matcher())
    waiting: list = []
    assigned = engine.dated(items, waiting)
    engine.undated(waiting, assigned)
    return engine, list({id(c.find()): c.find() for _, c in assigned}.values())


def test_a_stored_event_gives_back_the_evidence_it_was_written_from(corpus):
    from aggregator.dedup.engine import _Cluster

    engine, clusters = _clusters(corpus[0])
    assert len(clusters) > 100
    for c in clusters:
        back = _Cluster.from_event(c.to_event(), engine.org_names)
        assert _evidence(back) == _evidence(c), c.event_id


def test_an_event_written_before_the_new_keys_reads_as_it_did():
    """Events stored by earlier versions lack "#remote", "#pl:" and "#date": places come from
    ``online``/``countries`` and date-only from a midnight start, as they were read then."""
    from aggregator.dedup.engine import _Cluster

    engine, clusters = _clusters(_items(CORPORA["own"]))
    for c in clusters:
        e = c.to_event()
        old = replace(e, match_keys=tuple(k for k in e.match_keys if not k.startswith(("#pl:", "#remote", "#date", "#t:"))))
        back = _Cluster.from_event(old, engine.org_names)
        assert back.evidence.tokens == c.evidence.tokens
        assert back.evidence.remote == (e.online or not e.countries)
        assert back.evidence.places == (() if back.evidence.remote else tuple(e.countries))
        assert back.schedule.date_only == (e.start.hour == 0 and e.start.minute == 0)
